/**
 * Design-rule checks, run as phases on a finished module before any Verilog is printed.
 * Width mismatches and multiple drivers in one branch are already refused when they are
 * written (ModuleBuilder.assignFrom); these phases check what needs the whole module:
 *
 *   1. drivers    — every wire and output is driven; a conditionally assigned wire is
 *                   assigned on every path (else it would be a latch)
 *   2. registers  — every register has a next-value assignment
 *   3. memories   — every RAM is written and every memory is read
 *   4. loops      — no combinational loop (the message names the loop's signals in order)
 *   5. usage      — unused inputs are reported as warnings (returned, not thrown)
 *
 * The first error found is thrown as a DesignRuleError; the order is deterministic.
 */
import { DesignRuleError, type DesignWarning } from './errors.ts';
import type { Block, ModuleBuilder } from './module-builder.ts';
import type { Assignable, Sig } from './signal.ts';
import { formatLoc } from './source-location.ts';

/** Visits every assignment of a block with the conditions of the branches around it. */
export function walkAssignments(block: Block, visit: (target: Assignable, value: Sig, conds: readonly Sig[]) => void, conds: Sig[] = []): void {
  for (const s of block.stmts) {
    if (s.kind === 'assign') visit(s.target, s.value, conds);
    else {
      const prior: Sig[] = [];
      for (const b of s.branches) {
        // A branch depends on its own condition and on every earlier condition of the chain.
        const here = b.cond ? [...prior, b.cond] : [...prior];
        walkAssignments(b.body, visit, [...conds, ...here]);
        if (b.cond) prior.push(b.cond);
      }
    }
  }
}

/** Whether `target` is assigned on every path through `block`. */
export function coversAllPaths(block: Block, target: Assignable): boolean {
  return block.stmts.some((s) => {
    if (s.kind === 'assign') return s.target === target;
    const last = s.branches[s.branches.length - 1];
    return last !== undefined && last.cond === null && s.branches.every((b) => coversAllPaths(b.body, target));
  });
}

/** Adds the named nets that `sig` reads combinationally to `out`. */
export function netsRead(sig: Sig, out: Set<Sig>, seen: Set<Sig> = new Set()): void {
  const stack: Sig[] = [sig];
  while (stack.length) {
    const s = stack.pop()!;
    if (seen.has(s)) continue;
    seen.add(s);
    if (s.node.kind === 'net') out.add(s);
    else if (s.node.kind === 'op') for (const a of s.node.args) stack.push(a);
  }
}

/** Every expression the module's logic reads: assignment values, conditions, enables, memory and instance inputs. */
export function moduleRoots(m: ModuleBuilder): Sig[] {
  const roots: Sig[] = [];
  walkAssignments(m.root, (_t, v, conds) => {
    roots.push(v, ...conds);
  });
  for (const r of m.regs) if (r.enable) roots.push(r.enable);
  for (const mem of m.memories) {
    for (const w of mem.writes) roots.push(w.addr, w.data, ...(w.enable ? [w.enable] : []));
    for (const r of mem.reads) roots.push(r.addr, ...(r.enable ? [r.enable] : []));
  }
  for (const i of m.instances) roots.push(...i.inputs.values());
  return roots;
}

const combCache = new WeakMap<ModuleBuilder, Map<string, Set<string>>>();

/** For each output of `m`: the inputs it depends on combinationally (through wires and instances). */
export function combinationalPaths(m: ModuleBuilder): Map<string, Set<string>> {
  const cached = combCache.get(m);
  if (cached) return cached;
  const deps = directCombDeps(m);
  const result = new Map<string, Set<string>>();
  for (const p of m.ports) {
    if (!m.isOutput(p)) continue;
    const reached = new Set<string>();
    const seen = new Set<Sig>();
    const stack = [p];
    while (stack.length) {
      const s = stack.pop()!;
      if (seen.has(s)) continue;
      seen.add(s);
      if (s.node.kind === 'net' && s.node.net === 'input') reached.add(s.node.name);
      for (const d of deps.get(s) ?? []) stack.push(d);
    }
    result.set(p.name!, reached);
  }
  combCache.set(m, result);
  return result;
}

/** Edges of the combinational graph: wire/output/instance-output → the nets it reads now. */
function directCombDeps(m: ModuleBuilder): Map<Sig, Set<Sig>> {
  const deps = new Map<Sig, Set<Sig>>();
  const add = (t: Sig, v: Sig): void => {
    let set = deps.get(t);
    if (!set) deps.set(t, (set = new Set()));
    netsRead(v, set);
  };
  walkAssignments(m.root, (target, value, conds) => {
    if (target.node.kind === 'net' && target.node.net === 'reg') return;
    add(target, value);
    for (const c of conds) add(target, c);
  });
  for (const inst of m.instances) {
    const paths = combinationalPaths(inst.module);
    for (const [port, net] of inst.outputs) {
      for (const input of paths.get(port) ?? []) {
        const conn = inst.inputs.get(input);
        if (conn) add(net, conn);
      }
    }
  }
  return deps;
}

function fail(m: ModuleBuilder, rule: DesignRuleError['rule'], s: Sig, msg: string): never {
  throw new DesignRuleError(rule, s.name ?? '?', formatLoc(s.loc), msg, m.name);
}

/** Runs every phase on `m` (not on its children); throws the first error, returns the warnings. */
export function checkModule(m: ModuleBuilder): DesignWarning[] {
  // Phase 1: drivers.
  const assigned = new Set<Assignable>();
  walkAssignments(m.root, (t) => {
    assigned.add(t);
  });
  for (const a of m.assignables) {
    const kind = a.node.kind === 'net' ? a.node.net : 'wire';
    if (!assigned.has(a)) {
      fail(m, 'undriven', a, `undriven ${kind}: '${a.name}' (made at ${formatLoc(a.loc)}) in module '${m.name}' is never set; set() it or remove it`);
    }
    if (!coversAllPaths(m.root, a)) {
      fail(m, 'latch', a, `latch: ${kind} '${a.name}' (made at ${formatLoc(a.loc)}) in module '${m.name}' is not set on every path; set a default before the when-chain or end the chain with otherwise()`);
    }
  }
  // Phase 2: registers.
  for (const r of m.regs) {
    if (!assigned.has(r)) {
      fail(m, 'register-without-next', r, `register '${r.name}' (made at ${formatLoc(r.loc)}) in module '${m.name}' has no next-value assignment; set() it (set(itself) to hold)`);
    }
  }
  // Phase 3: memories.
  for (const mem of m.memories) {
    const where = formatLoc(mem.loc);
    if (!mem.isRom && mem.writes.length === 0) {
      throw new DesignRuleError('bad-memory', mem.name, where, `memory '${mem.name}' (made at ${where}) in module '${m.name}' is never written; add write() or make it a rom()`, m.name);
    }
    if (mem.reads.length === 0) {
      throw new DesignRuleError('bad-memory', mem.name, where, `memory '${mem.name}' (made at ${where}) in module '${m.name}' is never read; add read() or remove it`, m.name);
    }
  }
  // Phase 4: combinational loops.
  const deps = directCombDeps(m);
  const state = new Map<Sig, 1 | 2>();
  const path: Sig[] = [];
  const visit = (s: Sig): void => {
    state.set(s, 1);
    path.push(s);
    for (const d of deps.get(s) ?? []) {
      const st = state.get(d);
      if (st === 1) {
        const loop = path.slice(path.indexOf(d));
        const names = [...loop, d].map((x) => `'${x.name}'`).join(' -> ');
        fail(m, 'combinational-loop', d, `combinational loop in module '${m.name}': ${names} ('${d.name}' made at ${formatLoc(d.loc)}); break it with a register`);
      }
      if (st === undefined) visit(d);
    }
    path.pop();
    state.set(s, 2);
  };
  for (const s of deps.keys()) if (!state.has(s)) visit(s);
  // Phase 5: unused inputs.
  const read = new Set<Sig>();
  const seen = new Set<Sig>();
  for (const r of moduleRoots(m)) netsRead(r, read, seen);
  const warnings: DesignWarning[] = [];
  for (const p of m.ports) {
    if (p.node.kind === 'net' && p.node.net === 'input' && !read.has(p)) {
      const location = formatLoc(p.loc);
      warnings.push({
        rule: 'unused-input',
        module: m.name,
        signal: p.name!,
        location,
        message: `unused input: '${p.name}' (made at ${location}) in module '${m.name}' is never read`,
      });
    }
  }
  return warnings;
}
