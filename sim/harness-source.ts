/**
 * The C++ harness: a `main` generated per design from its port list, compiled together
 * with the Verilated model. It speaks the line protocol of docs/SIM.md on stdin/stdout
 * (one reply line per command, in order, so the TypeScript side may pipeline), runs
 * batches natively, writes VCD traces, and plays the external memory model when the top
 * has the mem_* ports. It exits on EOF of stdin and, through PR_SET_PDEATHSIG, when its
 * parent dies.
 */
import type { EmittedDesign, PortSpec } from '../hdl-gen/emitted.ts';
import { SimUsageError } from './sim-errors.ts';
import { wordsOf } from './port-value.ts';

/** Bumped whenever the generated text changes meaning; part of the build cache key. */
export const HARNESS_VERSION = 11;

/**
 * The protocol's version, sent in the greeting (`ready <nports> <protocol>`) and checked by
 * the bridge at start-up: a harness from an older build is refused, not misread.
 */
export const PROTOCOL_VERSION = 3;

/** First word of an expected-record block ("TFRX", little-endian) and its layout version. */
export const RECORD_BLOCK_MAGIC = 0x58524654;
export const RECORD_BLOCK_VERSION = 1;

/** The ports the memory model drives or reads, by role. */
export interface MemoryPorts {
  reqValid: PortSpec;
  reqReady: PortSpec;
  reqAddr: PortSpec;
  reqLen: PortSpec;
  rdataValid: PortSpec;
  rdataReady: PortSpec;
  rdata: PortSpec;
}

const MEM_NAMES = {
  reqValid: ['mem_req_valid', 'output'],
  reqReady: ['mem_req_ready', 'input'],
  reqAddr: ['mem_req_addr', 'output'],
  reqLen: ['mem_req_len', 'output'],
  rdataValid: ['mem_rdata_valid', 'input'],
  rdataReady: ['mem_rdata_ready', 'output'],
  rdata: ['mem_rdata', 'input'],
} as const;

/**
 * The memory ports of a design, or undefined when it has none of them. A design with
 * some but not all of them, or with wrong directions or widths, is rejected.
 */
export function memoryPortsOf(design: EmittedDesign): MemoryPorts | undefined {
  const byName = new Map(design.ports.map((p) => [p.name, p]));
  const present = Object.values(MEM_NAMES).filter(([n]) => byName.has(n));
  if (present.length === 0) return undefined;
  const out: Partial<MemoryPorts> = {};
  for (const [role, [name, dir]] of Object.entries(MEM_NAMES) as [keyof MemoryPorts, readonly [string, string]][]) {
    const p = byName.get(name);
    if (!p) {
      throw new SimUsageError(
        `design '${design.top}': has some mem_* ports but lacks '${name}'; the memory model needs all seven (see docs/SIM.md)`,
      );
    }
    if (p.dir !== dir) throw new SimUsageError(`design '${design.top}': port '${name}' must be an ${dir} for the memory model`);
    out[role] = p;
  }
  const m = out as MemoryPorts;
  for (const p of [m.reqValid, m.reqReady, m.rdataValid, m.rdataReady]) {
    if (p.width !== 1) throw new SimUsageError(`design '${design.top}': port '${p.name}' must be 1 bit wide for the memory model`);
  }
  if (m.reqAddr.width > 64) throw new SimUsageError(`design '${design.top}': mem_req_addr is ${m.reqAddr.width} bits; the memory model supports at most 64`);
  if (m.reqLen.width > 32) throw new SimUsageError(`design '${design.top}': mem_req_len is ${m.reqLen.width} bits; the memory model supports at most 32`);
  if (m.rdata.width % 8 !== 0) throw new SimUsageError(`design '${design.top}': mem_rdata is ${m.rdata.width} bits; the memory model needs a multiple of 8`);
  return m;
}

/**
 * The reset port that also resets the memory model: the first 1-bit input of rst, reset
 * (active high), rst_n, reset_n, rstn (active low), as Testbench.reset() picks it.
 */
export function memoryResetOf(design: EmittedDesign): { port: PortSpec; activeLow: boolean } | undefined {
  for (const n of ['rst', 'reset', 'rst_n', 'reset_n', 'rstn']) {
    const p = design.ports.find((q) => q.name === n);
    if (p && p.dir === 'input' && p.width === 1) return { port: p, activeLow: n.endsWith('_n') || n === 'rstn' };
  }
  return undefined;
}

const CXX_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

function cType(width: number): string {
  if (width <= 8) return 'CData';
  if (width <= 16) return 'SData';
  if (width <= 32) return 'IData';
  return 'QData';
}

function lastMask(width: number): string {
  const r = width % 32;
  return r === 0 ? '0xffffffffu' : `0x${((2 ** r) - 1).toString(16)}u`;
}

/**
 * C++ statements that copy little-endian 32-bit words at `src` into input `p` of the model
 * `g_top` (a `V<top>*`), masking the top word. Also used by programs that link against
 * the same model (scripts/bench-bridge.ts).
 */
export function portSetCpp(p: PortSpec, src: string): string {
  const m = `g_top->${p.name}`;
  if (p.width <= 32) return `${m} = (${cType(p.width)})(${src}[0] & ${lastMask(p.width)});`;
  if (p.width <= 64) return `${m} = ((QData)(${src}[1] & ${lastMask(p.width)}) << 32) | (QData)${src}[0];`;
  const n = wordsOf(p.width);
  return `for (int k = 0; k < ${n - 1}; ++k) ${m}[k] = ${src}[k]; ${m}[${n - 1}] = ${src}[${n - 1}] & ${lastMask(p.width)};`;
}

/** C++ statements that copy port `p` of `g_top` into 32-bit words at `dst`. */
export function portGetCpp(p: PortSpec, dst: string): string {
  const m = `g_top->${p.name}`;
  if (p.width <= 32) return `${dst}[0] = (uint32_t)${m} & ${lastMask(p.width)};`;
  if (p.width <= 64) return `${dst}[0] = (uint32_t)${m}; ${dst}[1] = (uint32_t)(${m} >> 32) & ${lastMask(p.width)};`;
  const n = wordsOf(p.width);
  return `for (int k = 0; k < ${n - 1}; ++k) ${dst}[k] = ${m}[k]; ${dst}[${n - 1}] = ${m}[${n - 1}] & ${lastMask(p.width)};`;
}

function setCase(p: PortSpec, i: number): string {
  return `    case ${i}: ${portSetCpp(p, 'w')} break;`;
}

function getCase(p: PortSpec, i: number): string {
  return `    case ${i}: ${portGetCpp(p, 'w')} break;`;
}

/** The harness's C++ source for a design. Deterministic: same design, same text. */
export function harnessSource(design: EmittedDesign, opts: { trace: boolean; plusargs?: boolean; threads?: number } = { trace: true }): string {
  const top = design.top;
  if (!CXX_NAME.test(top)) throw new SimUsageError(`design '${top}': top module name is not a plain identifier`);
  for (const p of design.ports) {
    if (!CXX_NAME.test(p.name) || p.name.includes('__')) {
      throw new SimUsageError(`design '${top}': port name '${p.name}' is not a plain identifier (letters, digits, single underscores)`);
    }
    if (!Number.isInteger(p.width) || p.width < 1) throw new SimUsageError(`design '${top}': port '${p.name}' has width ${p.width}`);
  }
  const clockIdx = design.clock === undefined ? -1 : design.ports.findIndex((p) => p.name === design.clock);
  if (design.clock !== undefined && clockIdx < 0) {
    throw new SimUsageError(`design '${top}': clock '${design.clock}' is not one of its ports`);
  }
  if (clockIdx >= 0 && (design.ports[clockIdx]!.width !== 1 || design.ports[clockIdx]!.dir !== 'input')) {
    throw new SimUsageError(`design '${top}': clock '${design.clock}' must be a 1-bit input`);
  }
  const mem = memoryPortsOf(design);
  const idx = (p: PortSpec): number => design.ports.indexOf(p);
  const maxWords = Math.max(1, ...design.ports.map((p) => wordsOf(p.width)));
  const portTable = design.ports
    .map((p) => `    {"${p.name}", ${p.width}, ${wordsOf(p.width)}, ${p.dir === 'input' ? 1 : 0}, ${mem && Object.values(mem).includes(p) && p.dir === 'input' ? 1 : 0}},`)
    .join('\n');
  const sets = design.ports.map((p, i) => (p.dir === 'input' ? setCase(p, i) : '')).filter((s) => s).join('\n');
  const gets = design.ports.map((p, i) => getCase(p, i)).join('\n');
  const clk = clockIdx >= 0 ? `g_top->${design.clock}` : '';

  const lines: string[] = [];
  lines.push(`// ternforge simulation harness v${HARNESS_VERSION} for top module '${top}'.`);
  lines.push(`// Generated by sim/harness-source.ts from the design's port list; protocol in docs/SIM.md.`);
  lines.push(`#include "V${top}.h"`);
  lines.push(`#include "verilated.h"`);
  if (opts.trace) lines.push(`#define TF_TRACE 1`, `#include "verilated_vcd_c.h"`);
  else lines.push(`class VerilatedVcdC;`);
  lines.push(PRELUDE);
  lines.push(`#define TF_NPORTS ${design.ports.length}`);
  lines.push(`#define TF_MAXWORDS ${maxWords}`);
  lines.push(`#define TF_PROTOCOL ${PROTOCOL_VERSION}`);
  lines.push(`#define TF_RECORD_MAGIC 0x${RECORD_BLOCK_MAGIC.toString(16)}u`);
  lines.push(`#define TF_RECORD_VERSION ${RECORD_BLOCK_VERSION}u`);
  if (clockIdx >= 0) lines.push(`#define TF_CLOCK ${clk}`);
  lines.push(`static V${top}* g_top;`);
  lines.push(`static const Port PORTS[TF_NPORTS > 0 ? TF_NPORTS : 1] = {\n${portTable || '    {"", 0, 0, 0, 0},'}\n};`);
  lines.push(`static inline void port_set(int i, const uint32_t* w) {\n  switch (i) {\n${sets}\n    default: break;\n  }\n}`);
  lines.push(`static inline void port_get(int i, uint32_t* w) {\n  switch (i) {\n${gets}\n    default: break;\n  }\n}`);
  if (mem) {
    lines.push(`#define TF_MEM 1`);
    lines.push(`#define MEM_WORD_BITS ${mem.rdata.width}`);
    lines.push(`#define MEM_WW ${wordsOf(mem.rdata.width)}`);
    lines.push(`enum { P_REQ_VALID = ${idx(mem.reqValid)}, P_REQ_READY = ${idx(mem.reqReady)}, P_REQ_ADDR = ${idx(mem.reqAddr)}, P_REQ_LEN = ${idx(mem.reqLen)},`);
    lines.push(`       P_RDATA_VALID = ${idx(mem.rdataValid)}, P_RDATA_READY = ${idx(mem.rdataReady)}, P_RDATA = ${idx(mem.rdata)} };`);
    // The model's reset: the design's reset port (the one tb.reset() drives by default).
    const rst = memoryResetOf(design);
    if (rst) lines.push(`#define MEM_RST ${idx(rst.port)}`, `#define MEM_RST_ACTIVE ${rst.activeLow ? 0 : 1}u`);
  }
  lines.push(BODY.replaceAll('VTOP', `V${top}`));
  let text = lines.join('\n') + '\n';
  const at = '  g_ctx = new VerilatedContext;\n';
  if (!text.includes(at)) throw new Error('harness source: no VerilatedContext construction to add to');
  // A model built with --threads N needs a context of at least N threads (the context's
  // default is the machine's core count). Only for N > 1, so that other builds' text and
  // cache key stay as they are.
  const threads = opts.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new SimUsageError(`design '${top}': threads must be a positive integer (got ${threads})`);
  if (threads > 1) text = text.replace(at, `${at}  g_ctx->threads(${threads});\n`);
  if (!opts.plusargs) return text;
  // Verilator plusargs (+verilator+rand+reset+N, +verilator+seed+N; the parent pid is not one)
  // only when asked, so that the harness text and build cache key of other builds stay as they are.
  return text.replace(at, `${at}  g_ctx->commandArgs(argc, argv);\n`);
}

const PRELUDE = String.raw`
#include <sys/prctl.h>
#include <signal.h>
#include <unistd.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <cerrno>
#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

struct Port { const char* name; int width; int words; int input; int memDriven; };
static VerilatedContext* g_ctx;
static VerilatedVcdC* g_vcd = nullptr;
static uint64_t g_cycle = 0;
static bool g_dirty = true;     // inputs changed since the last eval()
static std::string g_err;       // set by the memory model or $finish while stepping
`;

const BODY = String.raw`
// ---------------------------------------------------------------- output buffer
static std::string g_out;
static int g_proto = 1;  // the protocol's output: the original stdout, kept for replies only
static void out_flush() {
  size_t off = 0;
  while (off < g_out.size()) {
    ssize_t n = write(g_proto, g_out.data() + off, g_out.size() - off);
    if (n < 0) { if (errno == EINTR) continue; _exit(3); }
    off += (size_t)n;
  }
  g_out.clear();
}
// On a fatal signal (a $stop, a failed check, a segfault) send the replies already made,
// so that the parent learns which command was running when the harness died.
static void on_fatal(int sig) {
  size_t off = 0;
  while (off < g_out.size()) {
    ssize_t n = write(g_proto, g_out.data() + off, g_out.size() - off);
    if (n <= 0) break;
    off += (size_t)n;
  }
  signal(sig, SIG_DFL);
  raise(sig);
}
static void reply(const std::string& s) { g_out += s; g_out += '\n'; if (g_out.size() > (1u << 16)) out_flush(); }
static void reply_ok() { reply("ok"); }
static void reply_ok_n(uint64_t n) { char b[32]; snprintf(b, sizeof b, "ok %" PRIu64, n); reply(b); }
static void reply_err(const std::string& m) { reply("err " + m); }

// ---------------------------------------------------------------- hex values
static bool parse_hex(const char* s, int width, uint32_t* w) {
  int words = (width + 31) / 32;
  for (int k = 0; k < words; ++k) w[k] = 0;
  size_t len = strlen(s);
  if (len == 0) return false;
  int bit = 0;
  for (size_t i = len; i-- > 0;) {
    char c = s[i]; uint32_t d;
    if (c >= '0' && c <= '9') d = (uint32_t)(c - '0');
    else if (c >= 'a' && c <= 'f') d = (uint32_t)(c - 'a' + 10);
    else if (c >= 'A' && c <= 'F') d = (uint32_t)(c - 'A' + 10);
    else return false;
    if (d != 0) {
      if (bit >= width || (width - bit < 4 && (d >> (width - bit)) != 0)) return false;
      if (bit / 32 < words) w[bit / 32] |= d << (bit % 32);
    }
    bit += 4;
  }
  if (width % 32) w[words - 1] &= (1u << (width % 32)) - 1u;
  return true;
}
static std::string to_hex(const uint32_t* w, int words) {
  int top = words - 1;
  while (top > 0 && w[top] == 0) --top;
  char b[16];
  snprintf(b, sizeof b, "%x", w[top]);
  std::string s = b;
  for (int k = top - 1; k >= 0; --k) { snprintf(b, sizeof b, "%08x", w[k]); s += b; }
  return s;
}

// ---------------------------------------------------------------- memory model
#ifdef TF_MEM
static std::vector<uint32_t> mem_img;       // MEM_WW words per memory word
static uint64_t mem_nwords = 0;
static uint64_t mem_latency = 1, mem_period = 1;
static bool mem_streaming = false;
static uint64_t mem_addr = 0, mem_left = 0, mem_wait = 0;
static uint64_t mem_words = 0, mem_bursts = 0;
static bool mem_req_fire = false, mem_data_fire = false, mem_rst = false;
static uint64_t mem_fire_addr = 0, mem_fire_len = 0;
static const uint32_t MEM_ZERO[MEM_WW] = {0};

static void mem_drive() {
  uint32_t one = 1, zero = 0;
  port_set(P_REQ_READY, mem_streaming ? &zero : &one);
  bool valid = mem_streaming && mem_wait == 0;
  port_set(P_RDATA_VALID, valid ? &one : &zero);
  port_set(P_RDATA, valid ? &mem_img[mem_addr * MEM_WW] : MEM_ZERO);
}
// Called with the model settled before the rising edge: which handshakes fire at it.
static void mem_sample() {
  uint32_t w[TF_MAXWORDS];
  mem_req_fire = false; mem_data_fire = false; mem_rst = false;
#ifdef MEM_RST
  // While the design's reset is asserted the model takes no request and drops its burst.
  port_get(MEM_RST, w);
  mem_rst = (w[0] & 1u) == MEM_RST_ACTIVE;
  if (mem_rst) return;
#endif
  if (!mem_streaming) {
    port_get(P_REQ_VALID, w);
    if (w[0] & 1) {
      mem_req_fire = true;
      port_get(P_REQ_ADDR, w); mem_fire_addr = w[0] | (PORTS[P_REQ_ADDR].words > 1 ? (uint64_t)w[1] << 32 : 0);
      port_get(P_REQ_LEN, w); mem_fire_len = w[0];
    }
  } else if (mem_wait == 0) {
    port_get(P_RDATA_READY, w);
    mem_data_fire = (w[0] & 1) != 0;
  }
}
// Called right after the rising edge: advance the model's state, drive the next cycle.
static void mem_update() {
  if (mem_rst) {
    mem_streaming = false; mem_left = 0; mem_wait = 0;
  } else if (mem_req_fire) {
    if (mem_fire_len == 0) {
      g_err = "memory model: burst of length 0 requested at word " + std::to_string(mem_fire_addr) + " (mem_req_len counts words, at least 1)";
    } else if (mem_fire_addr >= mem_nwords || mem_fire_len > mem_nwords - mem_fire_addr) {
      g_err = "memory model: burst of " + std::to_string(mem_fire_len) + " words at word " + std::to_string(mem_fire_addr) +
              " reads past the image (" + std::to_string(mem_nwords) + " words); load a larger image";
    } else {
      mem_streaming = true; mem_addr = mem_fire_addr; mem_left = mem_fire_len; mem_wait = mem_latency - 1; ++mem_bursts;
    }
  } else if (mem_streaming) {
    if (mem_wait > 0) {
      --mem_wait;
    } else if (mem_data_fire) {
      ++mem_words; ++mem_addr;
      if (--mem_left == 0) mem_streaming = false; else mem_wait = mem_period - 1;
    }
  }
  mem_drive();
}
#endif

// ---------------------------------------------------------------- stepping
#ifdef TF_TRACE
#define VCD_DUMP(t) g_vcd->dump(t)
static void vcd_close() { if (g_vcd) { g_top->eval(); g_vcd->dump(2 * g_cycle); g_vcd->close(); delete g_vcd; g_vcd = nullptr; } }
#else
#define VCD_DUMP(t) ((void)(t))
static void vcd_close() {}
#endif
static inline void check_finish() {
  if (g_ctx->gotFinish() && g_err.empty()) g_err = "the design called $finish at cycle " + std::to_string(g_cycle);
}
// One clock cycle: settle, rising edge, falling edge. Outputs read afterwards show the
// registers updated by the edge and the logic driven by the current inputs.
static inline void step() {
#ifdef TF_MEM
  if (g_dirty || g_vcd) g_top->eval();
  if (g_vcd) VCD_DUMP(2 * g_cycle);
  mem_sample();
#else
  if (g_vcd) { g_top->eval(); VCD_DUMP(2 * g_cycle); }
#endif
#ifdef TF_CLOCK
  TF_CLOCK = 1;
  g_top->eval();
  if (g_vcd) VCD_DUMP(2 * g_cycle + 1);
#ifdef TF_MEM
  mem_update();
#endif
  TF_CLOCK = 0;
#endif
  g_top->eval();
  g_dirty = false;
  ++g_cycle;
  check_finish();
}
static inline void settle() { if (g_dirty) { g_top->eval(); g_dirty = false; check_finish(); } }
static bool take_err(std::string& msg) { if (g_err.empty()) return false; msg = g_err; g_err.clear(); return true; }

// ---------------------------------------------------------------- files
static bool read_file(const char* path, std::vector<unsigned char>& data, std::string& err) {
  FILE* f = fopen(path, "rb");
  if (!f) { err = std::string("cannot open ") + path + ": " + strerror(errno); return false; }
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  data.resize(size > 0 ? (size_t)size : 0);
  size_t got = data.empty() ? 0 : fread(data.data(), 1, data.size(), f);
  fclose(f);
  if (got != data.size()) { err = std::string("short read from ") + path; return false; }
  return true;
}
static int find_port(const char* tok) {
  char* end; long i = strtol(tok, &end, 10);
  if (*end != 0 || i < 0 || i >= TF_NPORTS) return -1;
  return (int)i;
}
static bool parse_port_list(const char* tok, bool wantInput, std::vector<int>& out, std::string& err) {
  out.clear();
  if (strcmp(tok, "-") == 0) return true;
  std::string s = tok; size_t pos = 0;
  while (pos <= s.size()) {
    size_t c = s.find(',', pos); if (c == std::string::npos) c = s.size();
    int p = find_port(s.substr(pos, c - pos).c_str());
    if (p < 0) { err = "bad port index in list '" + s + "'"; return false; }
    if (wantInput && (!PORTS[p].input || PORTS[p].memDriven)) { err = std::string("port '") + PORTS[p].name + "' cannot be driven by a batch"; return false; }
    out.push_back(p); pos = c + 1;
  }
  return true;
}

// ---------------------------------------------------------------- record check
// The expected records of a batch, compared in place as the strobe fires. The block file:
// u32 magic, version, record count, port count, words per record (the listed ports'
// words), then per record a flags word (bit k: compare port k; bit 31: the expected
// record cannot be represented on the ports, so it never matches) and its port words.
struct RecordCheck {
  bool on = false;
  int strobe = -1;
  std::vector<int> ports;
  const uint32_t* recs = nullptr;  // the records, (1 + stride) words each
  uint32_t nrec = 0, stride = 0;
  uint64_t first = 0;              // index of the batch's first record in the whole stream
  bool keepCycles = false;
  void* map = MAP_FAILED;
  size_t mapLen = 0;
  // Results.
  uint64_t seen = 0;               // records the strobe showed in this batch
  int64_t bad = -1;                // stream index of the first differing record
  uint32_t badCycle = 0;
  int badKind = 0;                 // 1: values differ, 2: a record beyond the expected ones
  std::vector<uint32_t> badWords;  // what the ports held at that record
  std::vector<uint32_t> cycles;    // batch-relative cycle of every record, when kept
  ~RecordCheck() { if (map != MAP_FAILED) munmap(map, mapLen); }
};
static bool check_open(RecordCheck& k, char** t, std::string& err) {
  k.strobe = find_port(t[1]);
  if (k.strobe < 0 || PORTS[k.strobe].width != 1) { err = std::string("record strobe '") + t[1] + "' is not a 1-bit port index"; return false; }
  if (!parse_port_list(t[2], false, k.ports, err)) return false;
  if (k.ports.empty() || k.ports.size() > 31) { err = "a record check compares 1 to 31 ports"; return false; }
  k.first = strtoull(t[5], nullptr, 10);
  k.keepCycles = strcmp(t[6], "1") == 0;
  int fd = open(t[3], O_RDONLY);
  struct stat st;
  if (fd < 0 || fstat(fd, &st) != 0) { if (fd >= 0) close(fd); err = std::string("cannot open ") + t[3] + ": " + strerror(errno); return false; }
  k.mapLen = (size_t)st.st_size;
  if (k.mapLen < 20) { close(fd); err = std::string("expected-record block ") + t[3] + " is shorter than its header"; return false; }
  k.map = mmap(nullptr, k.mapLen, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
  close(fd);
  if (k.map == MAP_FAILED) { err = std::string("cannot map ") + t[3] + ": " + strerror(errno); return false; }
  const uint32_t* h = static_cast<const uint32_t*>(k.map);
  uint32_t stride = 0;
  for (int p : k.ports) stride += (uint32_t)PORTS[p].words;
  if (h[0] != TF_RECORD_MAGIC || h[1] != TF_RECORD_VERSION) { err = std::string("expected-record block ") + t[3] + " has a wrong magic or version"; return false; }
  if (h[3] != k.ports.size() || h[4] != stride) { err = "expected-record block does not match the listed ports (" + std::to_string(h[3]) + " ports of " + std::to_string(h[4]) + " words, listed " + std::to_string(k.ports.size()) + " of " + std::to_string(stride) + ")"; return false; }
  k.nrec = h[2]; k.stride = stride;
  if ((uint64_t)k.mapLen != 20 + (uint64_t)k.nrec * (1 + stride) * 4) { err = "expected-record block holds " + std::to_string(k.mapLen) + " bytes, not " + std::to_string(k.nrec) + " records"; return false; }
  k.recs = h + 5;
  k.on = true;
  return true;
}
// Called after every tick of a checked batch.
static inline void check_sample(RecordCheck& k, uint32_t c) {
  uint32_t w[TF_MAXWORDS];
  port_get(k.strobe, w);
  if (!(w[0] & 1)) return;
  const uint64_t r = k.first + k.seen++;
  if (k.keepCycles) k.cycles.push_back(c);
  if (k.bad >= 0) return;
  int kind = 0;
  if (r >= k.nrec) kind = 2;
  else {
    const uint32_t* e = k.recs + r * (1 + k.stride);
    const uint32_t flags = e[0];
    if (flags >> 31) kind = 1;
    ++e;
    for (size_t i = 0; i < k.ports.size() && !kind; ++i) {
      const int p = k.ports[i], words = PORTS[p].words;
      if ((flags >> i) & 1) {
        port_get(p, w);
        if (memcmp(w, e, (size_t)words * 4) != 0) kind = 1;
      }
      e += words;
    }
  }
  if (!kind) return;
  k.bad = (int64_t)r; k.badCycle = c; k.badKind = kind;
  for (int p : k.ports) { port_get(p, w); k.badWords.insert(k.badWords.end(), w, w + PORTS[p].words); }
}
// The check's result file: u32 records seen (low, high), first differing record (low,
// high; all ones for none), its batch cycle, its kind, the ports' words at it (stride
// words, zero when none), then the batch cycle of every record when asked for.
static bool check_write(RecordCheck& k, const char* path, std::string& err) {
  std::vector<uint32_t> o;
  const uint64_t bad = k.bad < 0 ? ~0ull : (uint64_t)k.bad;
  o.push_back((uint32_t)k.seen); o.push_back((uint32_t)(k.seen >> 32));
  o.push_back((uint32_t)bad); o.push_back((uint32_t)(bad >> 32));
  o.push_back(k.badCycle); o.push_back((uint32_t)k.badKind);
  if (k.bad >= 0) o.insert(o.end(), k.badWords.begin(), k.badWords.end()); else o.resize(o.size() + k.stride, 0);
  o.insert(o.end(), k.cycles.begin(), k.cycles.end());
  FILE* f = fopen(path, "wb");
  if (!f) { err = std::string("cannot write ") + path + ": " + strerror(errno); return false; }
  if (fwrite(o.data(), 4, o.size(), f) != o.size()) { fclose(f); err = std::string("short write to ") + path; return false; }
  fclose(f);
  return true;
}

// b <stim> <ncycles> <inports|-> <outfile> <outports|-> <samples|-> [<when|-> <stopport|-> <stophex|->
//   [k <strobe> <ports> <expected> <result> <first> <keepcycles>]]
// With a strobe list (when), a cycle is sampled when any of those 1-bit ports is 1 after
// its tick, and the sampled cycle indices follow the records in the output file. With a
// stop port, the batch ends right after the first cycle at which that port holds the value.
// With k, every cycle at which <strobe> is 1 carries a record that is compared with the
// next one of the expected block (see RecordCheck); only the result file comes back.
static void cmd_batch(char** t, int n) {
  if (n != 7 && n != 10 && n != 17) { reply_err("batch takes 6, 9 or 16 arguments"); return; }
  RecordCheck check;
  std::string err;
  std::vector<int> ins, outs, when;
  if (!parse_port_list(t[3], true, ins, err) || !parse_port_list(t[5], false, outs, err)) { reply_err(err); return; }
  int stopPort = -1;
  uint32_t stopWant[TF_MAXWORDS];
  if (n >= 10) {
    if (!parse_port_list(t[7], false, when, err)) { reply_err(err); return; }
    for (int p : when) {
      if (PORTS[p].width != 1) { reply_err(std::string("strobe port '") + PORTS[p].name + "' is not 1 bit wide"); return; }
    }
    if (strcmp(t[8], "-") != 0) {
      stopPort = find_port(t[8]);
      if (stopPort < 0) { reply_err(std::string("bad stop port index '") + t[8] + "'"); return; }
      if (!parse_hex(t[9], PORTS[stopPort].width, stopWant)) {
        reply_err(std::string("stop value '") + t[9] + "' does not fit port '" + PORTS[stopPort].name + "'");
        return;
      }
    }
  }
  if (n == 17) {
    if (strcmp(t[10], "k") != 0) { reply_err("batch: the record check's arguments start with 'k'"); return; }
    if (!check_open(check, t + 10, err)) { reply_err(err); return; }
  }
  const bool strobe = !when.empty();
  if (strobe && strcmp(t[6], "-") != 0) { reply_err("a batch samples either at listed cycles or on strobes, not both"); return; }
  const uint64_t ncycles = strtoull(t[2], nullptr, 10);
  if ((strobe || check.on) && ncycles > 0xffffffffull) { reply_err("a strobe-sampled or checked batch runs at most 2^32-1 cycles"); return; }
  size_t inWords = 0, outWords = 0;
  for (int p : ins) inWords += PORTS[p].words;
  for (int p : outs) outWords += PORTS[p].words;
  // The stimulus is mapped, not copied: the words are used in place.
  const uint32_t* sp = nullptr;
  void* map = MAP_FAILED;
  size_t mapLen = 0;
  if (!ins.empty() && ncycles > 0) {
    int fd = open(t[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { if (fd >= 0) close(fd); reply_err(std::string("cannot open ") + t[1] + ": " + strerror(errno)); return; }
    if ((uint64_t)st.st_size != ncycles * inWords * 4) {
      close(fd);
      reply_err("stimulus file " + std::string(t[1]) + " holds " + std::to_string((uint64_t)st.st_size) + " bytes, expected " + std::to_string(ncycles * inWords * 4));
      return;
    }
    mapLen = (size_t)st.st_size;
    map = mmap(nullptr, mapLen, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) { reply_err(std::string("cannot map ") + t[1] + ": " + strerror(errno)); return; }
    sp = static_cast<const uint32_t*>(map);
  }
  std::vector<uint64_t> samples;
  bool every = strcmp(t[6], "-") == 0;
  if (!every) {
    std::vector<unsigned char> sb;
    if (!read_file(t[6], sb, err)) { reply_err(err); return; }
    samples.resize(sb.size() / 4);
    for (size_t i = 0; i < samples.size(); ++i) { uint32_t v; memcpy(&v, &sb[i * 4], 4); samples[i] = v; }
  }
  std::vector<uint32_t> out, sampledAt;
  if (!strobe) out.reserve((every ? ncycles : samples.size()) * outWords);
  size_t si = 0;
  uint32_t w[TF_MAXWORDS];
  const int nin = (int)ins.size(), nout = (int)outs.size(), nwhen = (int)when.size();
  const int* inp = ins.data();
  const int* outp = outs.data();
  const int* whenp = when.data();
  const int stopWords = stopPort >= 0 ? PORTS[stopPort].words : 0;
  uint64_t ran = 0;
  bool stopped = false;
  struct timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (uint64_t c = 0; c < ncycles; ++c) {
    for (int k = 0; k < nin; ++k) { port_set(inp[k], sp); sp += PORTS[inp[k]].words; }
    if (nin) g_dirty = true;
    step();
    ran = c + 1;
    bool take;
    if (strobe) {
      take = false;
      for (int k = 0; k < nwhen && !take; ++k) { port_get(whenp[k], w); take = (w[0] & 1) != 0; }
      if (take) sampledAt.push_back((uint32_t)c);
    } else {
      take = every || (si < samples.size() && samples[si] == c);
      if (take && !every) ++si;
    }
    if (take) {
      for (int k = 0; k < nout; ++k) { port_get(outp[k], w); out.insert(out.end(), w, w + PORTS[outp[k]].words); }
    }
    if (check.on) check_sample(check, (uint32_t)c);
    if (!g_err.empty()) break;
    if (stopPort >= 0) {
      port_get(stopPort, w);
      if (memcmp(w, stopWant, (size_t)stopWords * 4) == 0) { stopped = true; break; }
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  if (map != MAP_FAILED) munmap(map, mapLen);
  const uint64_t loopNs = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000ull + (uint64_t)(t1.tv_nsec - t0.tv_nsec);
  if (take_err(err)) { reply_err(err); return; }
  FILE* f = fopen(t[4], "wb");
  if (!f) { reply_err(std::string("cannot write ") + t[4] + ": " + strerror(errno)); return; }
  if ((!out.empty() && fwrite(out.data(), 4, out.size(), f) != out.size()) ||
      (!sampledAt.empty() && fwrite(sampledAt.data(), 4, sampledAt.size(), f) != sampledAt.size())) {
    fclose(f); reply_err(std::string("short write to ") + t[4]); return;
  }
  fclose(f);
  if (check.on && !check_write(check, t[14], err)) { reply_err(err); return; }
  char b[128];
#ifdef TF_MEM
  const uint64_t served = mem_words;
#else
  const uint64_t served = 0;
#endif
  snprintf(b, sizeof b, "ok %" PRIu64 " %" PRIu64 " %" PRIu64 " %d %" PRIu64, g_cycle, loopNs, ran, stopped ? 1 : 0, served);
  reply(b);
}

// bi <port>:<hex>[,<port>:<hex>...] <batch arguments>
// A batch queued ahead of the result it depends on: it runs only when every listed output
// holds its value as the previous command left it (no re-evaluation, so inputs set since do
// not count); otherwise nothing runs and the reply is 'skip <cycle>'.
static void cmd_batch_if(char** t, int n) {
  if (n < 2) { reply_err("usage: bi <port>:<hex>[,...] <batch arguments>"); return; }
  std::string s = t[1];
  size_t pos = 0;
  bool hold = true;
  uint32_t w[TF_MAXWORDS], want[TF_MAXWORDS];
  while (pos < s.size()) {
    size_t c = s.find(',', pos); if (c == std::string::npos) c = s.size();
    std::string item = s.substr(pos, c - pos);
    size_t colon = item.find(':');
    int p = colon == std::string::npos ? -1 : find_port(item.substr(0, colon).c_str());
    if (p < 0 || !parse_hex(item.c_str() + colon + 1, PORTS[p].width, want)) { reply_err("bad batch condition '" + item + "'"); return; }
    port_get(p, w);
    if (memcmp(w, want, (size_t)PORTS[p].words * 4) != 0) hold = false;
    pos = c + 1;
  }
  if (!hold) { char b[48]; snprintf(b, sizeof b, "skip %" PRIu64, g_cycle); reply(b); return; }
  cmd_batch(t + 1, n - 1);
}

// ---------------------------------------------------------------- command loop
// Before a command that may run long, the replies made so far are sent, so that the
// parent's time limit applies to that command and not to the ones before it.
static const uint64_t LONG_RUN = 4096;
static char g_in[1 << 16];
static size_t g_inLen = 0, g_inPos = 0;
static bool read_line(std::string& line) {
  line.clear();
  for (;;) {
    char* nl = (char*)memchr(g_in + g_inPos, '\n', g_inLen - g_inPos);
    if (nl) {
      line.append(g_in + g_inPos, nl - (g_in + g_inPos));
      g_inPos = (size_t)(nl - g_in) + 1;
      return true;
    }
    line.append(g_in + g_inPos, g_inLen - g_inPos);
    g_inPos = g_inLen = 0;
    out_flush();  // about to block: everything answered so far goes out now
    ssize_t n;
    do { n = read(0, g_in, sizeof g_in); } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    g_inLen = (size_t)n;
  }
}

int main(int argc, char** argv) {
  // Die with the parent: the kernel sends SIGKILL when it exits, whatever the reason.
  if (argc >= 2) {
    long parent = strtol(argv[1], nullptr, 10);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (parent > 0 && getppid() != (pid_t)parent) return 2;
  }
  // Replies go to the original stdout; anything else printed to stdout ($display,
  // Verilator's own messages) is sent to stderr so it can never be taken for a reply.
  g_proto = dup(1);
  if (g_proto < 0 || dup2(2, 1) < 0) return 2;
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) signal(sig, on_fatal);
  g_ctx = new VerilatedContext;
#ifdef TF_TRACE
  g_ctx->traceEverOn(true);
#endif
  g_ctx->fatalOnError(true);
  g_top = new VTOP{g_ctx};
#ifdef TF_CLOCK
  TF_CLOCK = 0;
#endif
#ifdef TF_MEM
  mem_drive();
#endif
  g_top->eval();
  g_dirty = false;
  std::string line, err;
  std::vector<char*> tok;
  uint32_t w[TF_MAXWORDS];
  reply("ready " + std::to_string(TF_NPORTS) + " " + std::to_string(TF_PROTOCOL));
  while (read_line(line)) {
    tok.clear();
    char* s = &line[0];
    for (char* p = strtok(s, " "); p; p = strtok(nullptr, " ")) tok.push_back(p);
    if (tok.empty()) { reply_err("empty command"); continue; }
    const char* c = tok[0];
    int n = (int)tok.size();
    if (strcmp(c, "s") == 0) {                                   // s <port> <hex>
      int p = n == 3 ? find_port(tok[1]) : -1;
      if (p < 0) { reply_err("usage: s <port> <hex>"); continue; }
      if (!PORTS[p].input) { reply_err(std::string("port '") + PORTS[p].name + "' is an output"); continue; }
      if (PORTS[p].memDriven) { reply_err(std::string("port '") + PORTS[p].name + "' is driven by the memory model"); continue; }
      if (!parse_hex(tok[2], PORTS[p].width, w)) { reply_err(std::string("value '") + tok[2] + "' does not fit port '" + PORTS[p].name + "'"); continue; }
      port_set(p, w); g_dirty = true; reply_ok();
    } else if (strcmp(c, "g") == 0) {                            // g <port>
      int p = n == 2 ? find_port(tok[1]) : -1;
      if (p < 0) { reply_err("usage: g <port>"); continue; }
      settle();
      if (take_err(err)) { reply_err(err); continue; }
      port_get(p, w); reply("v " + to_hex(w, PORTS[p].words));
    } else if (strcmp(c, "t") == 0) {                            // t <cycles>
      uint64_t k = n == 2 ? strtoull(tok[1], nullptr, 10) : 0;
      if (k > LONG_RUN) out_flush();
      for (uint64_t i = 0; i < k && g_err.empty(); ++i) step();
      if (take_err(err)) reply_err(err); else reply_ok_n(g_cycle);
    } else if (strcmp(c, "u") == 0) {                            // u <port> <hex> <limit>
      int p = n == 4 ? find_port(tok[1]) : -1;
      if (p < 0 || !parse_hex(tok[2], PORTS[p].width, w)) { reply_err("usage: u <port> <hex> <max cycles>"); continue; }
      uint64_t limit = strtoull(tok[3], nullptr, 10), done = 0;
      if (limit > LONG_RUN) out_flush();
      uint32_t want[TF_MAXWORDS]; memcpy(want, w, sizeof want);
      const int words = PORTS[p].words;
      settle();
      bool hit = false;
      for (;;) {
        port_get(p, w);
        if (memcmp(w, want, words * 4) == 0) { hit = true; break; }
        if (done >= limit || !g_err.empty()) break;
        step(); ++done;
      }
      if (take_err(err)) reply_err(err);
      else { char b[64]; snprintf(b, sizeof b, "%s %" PRIu64, hit ? "ok" : "no", g_cycle); reply(b); }
    } else if (strcmp(c, "c") == 0) {                            // c
      reply_ok_n(g_cycle);
    } else if (strcmp(c, "tr") == 0) {                           // tr [path]
      vcd_close();
      if (n == 2) {
#ifndef TF_TRACE
        reply_err("this build has no tracing; build with trace enabled");
        continue;
#else
        g_vcd = new VerilatedVcdC;
        g_top->trace(g_vcd, 99);
        g_vcd->open(tok[1]);
        if (!g_vcd->isOpen()) { delete g_vcd; g_vcd = nullptr; reply_err(std::string("cannot open trace file ") + tok[1]); continue; }
#endif
      }
      reply_ok();
    } else if (strcmp(c, "b") == 0) {
      out_flush();
      cmd_batch(tok.data(), n);
    } else if (strcmp(c, "bi") == 0) {
      out_flush();
      cmd_batch_if(tok.data(), n);
#ifdef TF_MEM
    } else if (strcmp(c, "ml") == 0) {                           // ml <path>
      std::vector<unsigned char> bytes;
      if (n != 2) { reply_err("usage: ml <image file>"); continue; }
      if (!read_file(tok[1], bytes, err)) { reply_err(err); continue; }
      const size_t bpw = MEM_WORD_BITS / 8;
      mem_nwords = (bytes.size() + bpw - 1) / bpw;
      mem_img.assign(mem_nwords * MEM_WW + MEM_WW, 0);
      for (uint64_t i = 0; i < mem_nwords; ++i)
        for (size_t b = 0; b < bpw && i * bpw + b < bytes.size(); ++b)
          mem_img[i * MEM_WW + b / 4] |= (uint32_t)bytes[i * bpw + b] << (8 * (b % 4));
      mem_streaming = false; mem_drive(); g_dirty = true;
      reply_ok_n(mem_nwords);
    } else if (strcmp(c, "mc") == 0) {                           // mc <latency> <period>
      uint64_t lat = n == 3 ? strtoull(tok[1], nullptr, 10) : 0, per = n == 3 ? strtoull(tok[2], nullptr, 10) : 0;
      if (lat < 1 || per < 1) { reply_err("memory latency and period must be at least 1 cycle"); continue; }
      mem_latency = lat; mem_period = per; reply_ok();
    } else if (strcmp(c, "ms") == 0) {                           // ms
      char b[96]; snprintf(b, sizeof b, "ok %" PRIu64 " %" PRIu64 " %d", mem_words, mem_bursts, mem_streaming ? 1 : 0); reply(b);
#endif
    } else if (strcmp(c, "q") == 0) {
      break;
    } else {
      reply_err(std::string("unknown command '") + c + "'");
    }
  }
  vcd_close();
  g_top->final();
  reply_ok();
  out_flush();
  delete g_top;
  delete g_ctx;
  return 0;
}
`;
