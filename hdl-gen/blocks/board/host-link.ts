/**
 * The host link: the board's UART protocol (docs/BOARD.md, "Host link") on top of the LM
 * core's token port. Commands in, replies out, one byte at a time through uart_rx / uart_tx:
 *
 *   'R'              reset the board (core, flash reader, link); 'R' is sent whenever the
 *                    board comes out of a reset and the core has loaded its parameters
 *   '?'              'I' vocab(2) layers(1) version(1)
 *   'L' b            logits off (b = 0) or on (b = 1); reply 'L' b
 *   'P' t(2)         run prompt token t; reply [logits] 'T' argmax(2)
 *   'G' n(2)         greedy decoding: n steps, each fed the previous argmax; each replies
 *                    [logits] 'T' argmax(2)
 *   anything else    'E' <byte>;  'P' with t ≥ vocab: 'E' 'P';  'G' before any token: 'E' 'G'
 *
 * Numbers are little-endian. [logits] is 'V' followed by the vocab's logits, 4 bytes each
 * (two's complement Q15.16, the core's stream order). A byte other than 'R' that arrives while
 * a command runs is dropped, and 'E' '!' follows the command's replies.
 *
 * While logits are on, the UART is slower than the core: `hold` stalls the core's memory port
 * while the logit FIFO is half full (the rows already accumulated still fit), and `overflow`
 * is a sticky flag that must never rise. The FIFO holds LOGIT_FIFO_DEPTH logits byte-wide (one
 * block RAM): a logit is written as its four bytes over four cycles and leaves a byte at a time.
 * Replies are never assembled in a wide register: the byte on the UART is picked from the
 * message kind, the byte index, and three registers (a variable byte, the last token).
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint } from '../../core/shape.ts';
import { type Sig, cat } from '../../core/signal.ts';
import { stateEncoding } from '../../core/state-encoding.ts';

export const LINK_VERSION = 1;
export const LOGIT_FIFO_DEPTH = 16;

export interface HostLinkParams {
  vocabSize: number;
  numLayers: number;
  /** Width of the logit stream (the core's logit_value, signed). */
  logitBits: number;
}

export function hostLink(p: HostLinkParams): ModuleBuilder {
  if (p.vocabSize < 2 || p.vocabSize > 65536) throw new RangeError(`host link: vocabulary ${p.vocabSize} must be 2..65536 (token ids travel as 16 bits)`);
  if (p.numLayers > 255) throw new RangeError(`host link: ${p.numLayers} layers do not fit the info reply's byte`);
  if (p.logitBits > 32) throw new RangeError(`host link: logits of ${p.logitBits} bits do not fit 4 bytes`);
  const TW = bitsForUnsigned(p.vocabSize - 1);
  const m = new ModuleBuilder(`host_link_v${p.vocabSize}_l${p.numLayers}`);
  const rxValid = m.input('rx_valid', bit());
  const rxData = m.input('rx_data', uint(8));
  const txReady = m.input('tx_ready', bit());
  const coreReady = m.input('core_ready', bit());
  const coreDone = m.input('core_done', bit());
  const coreArgmax = m.input('core_argmax', uint(TW));
  const logitValid = m.input('logit_valid', bit());
  const logitValue = m.input('logit_value', sint(p.logitBits));

  const S = stateEncoding(['boot', 'idle', 'args', 'stepStart', 'stepGo', 'stepRun', 'stepDrain']);
  type State = (typeof S.names)[number];
  const state = m.reg('state', S.shape, { reset: S.code.boot });
  const is = (n: State): Sig => state.eq(S.code[n]);

  // Outgoing message: a kind and the index of the byte on the UART; each byte is picked from
  // the kind's constants and a few registers (an 8-bit mux), never loaded into a wide register.
  const K = { none: 0, byte: 1, r: 2, v: 3, l: 4, e: 5, t: 6, i: 7 } as const;
  const msgKind = m.reg('msg_kind', uint(3), { reset: K.none });
  const msgIdx = m.reg('msg_idx', uint(3), { reset: 0 });
  // the variable byte of 'L' b, 'E' x and of a logit byte
  const msgArg = m.reg('msg_arg', uint(8));
  const last = m.reg('last', uint(TW));
  const last16 = last.resize(16);
  const txValid = m.let('tx_go', msgKind.ne(K.none));
  const c8 = (v: number): Sig => m.const(uint(8), v);
  const code = (c: string): number => c.charCodeAt(0);
  const ch = (c: string): Sig => c8(code(c));
  const key = (k: number, i: number): number => k * 8 + i;
  const txByte = cat(msgKind, msgIdx).select([
    [key(K.byte, 0), msgArg],
    [key(K.r, 0), code('R')],
    [key(K.v, 0), code('V')],
    [key(K.l, 0), code('L')],
    [key(K.l, 1), msgArg],
    [key(K.e, 0), code('E')],
    [key(K.e, 1), msgArg],
    [key(K.t, 0), code('T')],
    [key(K.t, 1), last16.slice(7, 0)],
    [key(K.t, 2), last16.slice(15, 8)],
    [key(K.i, 0), code('I')],
    [key(K.i, 1), p.vocabSize & 255],
    [key(K.i, 2), (p.vocabSize >> 8) & 255],
    [key(K.i, 3), p.numLayers],
    [key(K.i, 4), LINK_VERSION],
  ], c8(0));
  m.output('tx_valid', txValid);
  m.output('tx_data', m.let('tx_byte', txByte));
  const msgEnd = m.let('msg_end', msgIdx.eq(msgKind.select([[K.l, 1], [K.e, 1], [K.t, 2], [K.i, 4]], m.const(uint(3), 0))));
  const msgFree = m.let('msg_free', msgKind.eq(K.none));
  m.when(txValid.and(txReady), () => {
    m.when(msgEnd, () => {
      msgKind.set(K.none);
      msgIdx.set(0);
    }).otherwise(() => msgIdx.set(msgIdx.add(1).resize(3)));
  });
  const send = (kind: number, arg?: Sig): void => {
    msgKind.set(kind);
    if (arg) msgArg.set(arg);
  };

  // Logit FIFO, byte-wide (one block RAM): a logit is written as its four bytes, lowest first,
  // over four cycles (the core emits at most one logit per row of many cycles; a logit that
  // arrives while the previous one is still being written is an overflow), and read out a
  // byte at a time straight into the outgoing message.
  const DEPTH = LOGIT_FIFO_DEPTH * 4;
  const AB = bitsForUnsigned(DEPTH - 1);
  const fifo = m.memory('logit_fifo', { depth: DEPTH, shape: uint(8) });
  const wr = m.reg('fifo_wr', uint(AB), { reset: 0 });
  const rd = m.reg('fifo_rd', uint(AB), { reset: 0 });
  const count = m.reg('fifo_count', uint(AB + 1), { reset: 0 });
  const overflow = m.reg('overflow', bit(), { reset: 0, output: true });
  const logitsOn = m.reg('logits_on', bit(), { reset: 0 });
  const push = m.let('push', logitValid.and(logitsOn));
  // The core's logit_value is a register that holds its value until the next logit_valid (the
  // post-processor and the flash probe write it only with logit_valid), so the upper bytes are
  // taken from it in the three cycles after the push, not from a copy.
  const logit32 = logitValue.resize(32).asUnsigned();
  const upperLeft = m.reg('logit_upper_left', uint(2), { reset: 0 });
  const writing = m.let('logit_writing', upperLeft.ne(0));
  const wrEn = m.let('fifo_we', push.or(writing));
  // upperLeft is 0 at a push (else the push is an overflow): byte 0, then bytes 1, 2, 3
  const wrByte = upperLeft.select([[3, logit32.slice(15, 8)], [2, logit32.slice(23, 16)], [1, logit32.slice(31, 24)]], logit32.slice(7, 0));
  fifo.write(wr, wrByte, wrEn);
  m.when(push, () => upperLeft.set(3)).elsewhen(writing, () => upperLeft.set(upperLeft.sub(1).resize(2)));
  const head = fifo.read(rd, { name: 'fifo_head' });
  // The read data of a synchronous RAM appears one cycle after its address: pop only when the
  // head has been on the read port for a cycle (rd unchanged since the last cycle).
  const headFresh = m.reg('head_fresh', bit(), { reset: 0 });
  const inStep = m.let('in_step', is('stepGo').or(is('stepRun')).or(is('stepDrain')));
  const pop = m.let('pop', inStep.and(msgFree).and(count.ne(0)).and(headFresh));
  headFresh.set(pop.not().and(count.ne(0)));
  m.when(wrEn, () => wr.set(wr.add(1).resize(AB)));
  m.when(pop, () => rd.set(rd.add(1).resize(AB)));
  count.set(count.add(wrEn.resize(AB + 1)).sub(pop.resize(AB + 1)).resize(AB + 1));
  m.when(wrEn.and(count.eq(DEPTH)).and(pop.not()).or(push.and(writing)), () => overflow.set(1));
  // half full, counting the logit still being written
  m.output('hold', count.ge(DEPTH / 2 - 4));

  // the command awaiting its arguments: 'L', else 'P' (cmd_p) or 'G'
  const cmdL = m.reg('cmd_l', bit());
  const cmdP = m.reg('cmd_p', bit());
  const arg = m.reg('arg_lo', uint(8));
  const argsLeft = m.reg('args_left', uint(2));
  const haveLast = m.reg('have_last', bit(), { reset: 0 });
  const dropped = m.reg('dropped', bit(), { reset: 0 });
  const resetReq = m.reg('reset_req', bit(), { reset: 0, output: true });
  resetReq.set(rxValid.and(rxData.eq('R'.charCodeAt(0))));
  // the token of the next step: the prompt token, else the last argmax (the core takes it at core_start)
  m.output('core_token', last);
  m.output('core_start', is('stepGo').and(coreReady));
  m.output('busy', inStep.or(is('stepStart')));

  const isRx = (c: string): Sig => rxData.eq(c.charCodeAt(0));
  const argFull = m.let('arg_full', cat(rxData, arg));
  // t ≥ vocab; for a power-of-two vocabulary just the bits above the token width (no comparator)
  const tokenTooBig = m.let('token_too_big', p.vocabSize === 65536 ? m.const(bit(), 0)
    : (p.vocabSize & (p.vocabSize - 1)) === 0 ? argFull.slice(15, TW).orR() : argFull.ge(p.vocabSize));
  const busyRx = m.let('busy_rx', rxValid.and(isRx('R').not()).and(is('idle').and(msgFree).or(is('args')).not()));
  m.when(busyRx, () => dropped.set(1));
  // greedy steps left: loaded by 'G' n, one less after each step's 'T' (a plain enable)
  const drainDone = m.let('drain_done', is('stepDrain').and(msgFree).and(count.eq(0)).and(writing.not()).and(push.not()).and(pop.not()));
  const startG = is('args').and(rxValid).and(isRx('R').not()).and(argsLeft.eq(1)).and(cmdL.not()).and(cmdP.not());
  const remaining = m.reg('remaining', uint(16), { enable: m.let('remaining_en', startG.or(drainDone)) });
  remaining.set(is('args').mux(argFull, remaining.sub(1).resize(16)));

  m.switch(state, [
    [S.code.boot, () => m.when(coreReady.and(msgFree), () => {
      send(K.r);
      state.set(S.code.idle);
    })],
    [S.code.idle, () => m.when(msgFree.and(dropped), () => {
      send(K.e, ch('!'));
      dropped.set(0);
    }).elsewhen(msgFree.and(rxValid).and(isRx('R').not()), () => {
      cmdL.set(isRx('L'));
      cmdP.set(isRx('P'));
      m.when(isRx('?'), () => send(K.i))
        .elsewhen(isRx('L'), () => { argsLeft.set(1); state.set(S.code.args); })
        .elsewhen(isRx('P').or(isRx('G')), () => { argsLeft.set(2); state.set(S.code.args); })
        .otherwise(() => send(K.e, rxData));
    })],
    [S.code.args, () => m.when(rxValid.and(isRx('R').not()), () => {
      arg.set(rxData);
      argsLeft.set(argsLeft.sub(1).resize(2));
      m.when(argsLeft.eq(1), () => {
        state.set(S.code.idle);
        m.when(cmdL, () => {
          logitsOn.set(rxData.bit(0));
          send(K.l, rxData.and(1));
        }).elsewhen(cmdP, () => {
          m.when(tokenTooBig, () => send(K.e, ch('P'))).otherwise(() => {
            last.set(argFull.resize(TW));
            state.set(S.code.stepStart);
          });
        }).otherwise(() => {
          m.when(haveLast.not(), () => send(K.e, ch('G'))).elsewhen(argFull.ne(0), () => {
            state.set(S.code.stepStart);
          });
        });
      });
    })],
    [S.code.stepStart, () => m.when(msgFree, () => {
      m.when(logitsOn, () => send(K.v));
      state.set(S.code.stepGo);
    })],
    [S.code.stepGo, () => m.when(coreReady, () => state.set(S.code.stepRun))],
    [S.code.stepRun, () => m.when(coreDone, () => {
      last.set(coreArgmax);
      haveLast.set(1);
      state.set(S.code.stepDrain);
    })],
    [S.code.stepDrain, () => m.when(drainDone, () => {
      send(K.t);
      // 'P' runs one step
      state.set(cmdP.or(remaining.eq(1)).mux(S.code.idle, S.code.stepStart));
    })],
  ]);
  // A logit byte leaves the FIFO (after the state machine; both never start a message in one cycle).
  m.when(pop, () => send(K.byte, head));
  return m;
}
