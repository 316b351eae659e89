#!/usr/bin/env python3
"""A pseudo-terminal standing in for a board's serial port (tests/rtl/serial-pty.test.ts).

Opens a pty pair and leaves the terminal side (the slave, /dev/pts/N) as the kernel makes it:
canonical mode, echo, signals, CR/NL translation, the default speed, so a client that does not
set the line up sees its bytes mangled. The board side (the master) is this process's stdin
and stdout: bytes on stdin go to the terminal, bytes the client writes come out on stdout.
Control lines (JSON) go to stderr: first {"port": PATH}; then, each time the client writes
with line settings different from the last reported, {"termios": {...}} with the speeds in
baud and the flags that matter for a raw 8N1 line. Exits at EOF on stdin.
"""
import json
import os
import select
import sys
import termios

SPEEDS = {getattr(termios, name): int(name[1:]) for name in dir(termios) if name.startswith('B') and name[1:].isdigit()}


def report(obj):
    sys.stderr.write(json.dumps(obj) + '\n')
    sys.stderr.flush()


def settings(fd):
    iflag, oflag, cflag, lflag, ispeed, ospeed, _cc = termios.tcgetattr(fd)
    return {
        'ispeed': SPEEDS.get(ispeed, -1),
        'ospeed': SPEEDS.get(ospeed, -1),
        'icanon': bool(lflag & termios.ICANON),
        'echo': bool(lflag & termios.ECHO),
        'isig': bool(lflag & termios.ISIG),
        'icrnl': bool(iflag & termios.ICRNL),
        'ixon': bool(iflag & termios.IXON),
        'opost': bool(oflag & termios.OPOST),
        'cs8': (cflag & termios.CSIZE) == termios.CS8,
        'parenb': bool(cflag & termios.PARENB),
        'cstopb': bool(cflag & termios.CSTOPB),
    }


def main():
    master, slave = os.openpty()
    # The slave stays open here, so the master never sees a hang-up when the client closes.
    report({'port': os.ttyname(slave)})
    stdin = sys.stdin.buffer.fileno()
    stdout = sys.stdout.buffer.fileno()
    last = None
    while True:
        ready, _, _ = select.select([master, stdin], [], [])
        if master in ready:
            data = os.read(master, 4096)
            now = settings(slave)
            if now != last:
                report({'termios': now})
                last = now
            os.write(stdout, data)
        if stdin in ready:
            data = os.read(stdin, 4096)
            if not data:
                return
            view = memoryview(data)
            while view:
                n = os.write(master, view)
                view = view[n:]


if __name__ == '__main__':
    main()
