#!/usr/bin/env bash
# One-time set-up of a fresh Debian machine: the HDL tools from apt, then npm ci.
# Safe to run again: it only installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v verilator >/dev/null 2>&1 || need+=(verilator)
command -v iverilog >/dev/null 2>&1 || need+=(iverilog)
command -v yosys >/dev/null 2>&1 || need+=(yosys)
command -v nextpnr-ice40 >/dev/null 2>&1 || need+=(nextpnr-ice40)
command -v icepack >/dev/null 2>&1 || need+=(fpga-icestorm)
if [ ${#need[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "ternforge setup: installing ${need[*]} with apt-get" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq verilator iverilog yosys nextpnr-ice40 fpga-icestorm g++ make >/dev/null
  elif command -v apt-get >/dev/null 2>&1 && command -v sudo >/dev/null 2>&1; then
    echo "ternforge setup: installing ${need[*]} with sudo apt-get" >&2
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq verilator iverilog yosys nextpnr-ice40 fpga-icestorm g++ make >/dev/null
  else
    echo "ternforge setup: missing ${need[*]}; install them (Debian: apt-get install verilator iverilog yosys nextpnr-ice40 fpga-icestorm g++ make) and run again" >&2
    exit 1
  fi
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
