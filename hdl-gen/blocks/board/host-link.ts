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
 * is a sticky flag that must never rise.
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

  // Outgoing message: up to 5 bytes, lowest first.
  const msg = m.reg('msg', uint(40), { reset: 0 });
  const msgLen = m.reg('msg_len', uint(3), { reset: 0 });
  const txValid = m.let('tx_go', msgLen.ne(0));
  m.output('tx_valid', txValid);
  m.output('tx_data', msg.slice(7, 0));
  const msgFree = m.let('msg_free', msgLen.eq(0));
  m.when(txValid.and(txReady), () => {
    msg.set(msg.shr(8).resize(40));
    msgLen.set(msgLen.sub(1).resize(3));
  });
  const send = (...bytes: Sig[]): void => {
    msg.set(cat(...bytes.slice().reverse()).resize(40));
    msgLen.set(bytes.length);
  };
  const ch = (c: string): Sig => m.const(uint(8), c.charCodeAt(0));
  const byte = (v: number): Sig => m.const(uint(8), v);

  // Logit FIFO.
  const DEPTH = LOGIT_FIFO_DEPTH;
  const AB = bitsForUnsigned(DEPTH - 1);
  const fifo = m.memory('logit_fifo', { depth: DEPTH, shape: uint(32) });
  const wr = m.reg('fifo_wr', uint(AB), { reset: 0 });
  const rd = m.reg('fifo_rd', uint(AB), { reset: 0 });
  const count = m.reg('fifo_count', uint(AB + 1), { reset: 0 });
  const overflow = m.reg('overflow', bit(), { reset: 0, output: true });
  const logitsOn = m.reg('logits_on', bit(), { reset: 0 });
  const push = m.let('push', logitValid.and(logitsOn));
  fifo.write(wr, logitValue.resize(32).asUnsigned(), push);
  const head = fifo.read(rd, { name: 'fifo_head' });
  // The read data of a synchronous RAM appears one cycle after its address: pop only when the
  // head has been on the read port for a cycle (rd unchanged since the last cycle).
  const headFresh = m.reg('head_fresh', bit(), { reset: 0 });
  const inStep = m.let('in_step', is('stepGo').or(is('stepRun')).or(is('stepDrain')));
  const pop = m.let('pop', inStep.and(msgFree).and(count.ne(0)).and(headFresh));
  headFresh.set(pop.not().and(count.ne(0)));
  m.when(push, () => wr.set(wr.add(1).resize(AB)));
  m.when(pop, () => rd.set(rd.add(1).resize(AB)));
  count.set(count.add(push.resize(AB + 1)).sub(pop.resize(AB + 1)).resize(AB + 1));
  m.when(push.and(count.eq(DEPTH)).and(pop.not()), () => overflow.set(1));
  m.output('hold', count.ge(DEPTH / 2));

  const cmd = m.reg('cmd', uint(8), { reset: 0 });
  const arg = m.reg('arg', uint(16), { reset: 0 });
  const argsLeft = m.reg('args_left', uint(2), { reset: 0 });
  const remaining = m.reg('remaining', uint(16), { reset: 0 });
  const tokenIn = m.reg('token_in', uint(TW), { reset: 0 });
  const last = m.reg('last', uint(TW), { reset: 0 });
  const haveLast = m.reg('have_last', bit(), { reset: 0 });
  const dropped = m.reg('dropped', bit(), { reset: 0 });
  const resetReq = m.reg('reset_req', bit(), { reset: 0, output: true });
  resetReq.set(rxValid.and(rxData.eq('R'.charCodeAt(0))));
  m.output('core_token', tokenIn);
  m.output('core_start', is('stepGo').and(coreReady));
  m.output('busy', inStep.or(is('stepStart')));

  const isRx = (c: string): Sig => rxData.eq(c.charCodeAt(0));
  const tok16 = (t: Sig): Sig[] => {
    const w = t.resize(16);
    return [w.slice(7, 0), w.slice(15, 8)];
  };
  const argFull = m.let('arg_full', cat(rxData, arg.slice(15, 8)));
  const busyRx = m.let('busy_rx', rxValid.and(isRx('R').not()).and(is('idle').and(msgFree).or(is('args')).not()));
  m.when(busyRx, () => dropped.set(1));

  m.switch(state, [
    [S.code.boot, () => m.when(coreReady.and(msgFree), () => {
      send(ch('R'));
      state.set(S.code.idle);
    })],
    [S.code.idle, () => m.when(msgFree.and(dropped), () => {
      send(ch('E'), ch('!'));
      dropped.set(0);
    }).elsewhen(msgFree.and(rxValid).and(isRx('R').not()), () => {
      cmd.set(rxData);
      m.when(isRx('?'), () => send(ch('I'), byte(p.vocabSize & 255), byte((p.vocabSize >> 8) & 255), byte(p.numLayers), byte(LINK_VERSION)))
        .elsewhen(isRx('L'), () => { argsLeft.set(1); state.set(S.code.args); })
        .elsewhen(isRx('P').or(isRx('G')), () => { argsLeft.set(2); state.set(S.code.args); })
        .otherwise(() => send(ch('E'), rxData));
    })],
    [S.code.args, () => m.when(rxValid.and(isRx('R').not()), () => {
      arg.set(argFull);
      argsLeft.set(argsLeft.sub(1).resize(2));
      m.when(argsLeft.eq(1), () => {
        state.set(S.code.idle);
        m.when(cmd.eq('L'.charCodeAt(0)), () => {
          logitsOn.set(rxData.bit(0));
          send(ch('L'), rxData.and(1));
        }).elsewhen(cmd.eq('P'.charCodeAt(0)), () => {
          m.when(argFull.ge(p.vocabSize), () => send(ch('E'), ch('P'))).otherwise(() => {
            tokenIn.set(argFull.resize(TW));
            remaining.set(1);
            state.set(S.code.stepStart);
          });
        }).otherwise(() => {
          m.when(haveLast.not(), () => send(ch('E'), ch('G'))).elsewhen(argFull.ne(0), () => {
            tokenIn.set(last);
            remaining.set(argFull);
            state.set(S.code.stepStart);
          });
        });
      });
    })],
    [S.code.stepStart, () => m.when(msgFree, () => {
      m.when(logitsOn, () => send(ch('V')));
      state.set(S.code.stepGo);
    })],
    [S.code.stepGo, () => m.when(coreReady, () => state.set(S.code.stepRun))],
    [S.code.stepRun, () => m.when(coreDone, () => {
      last.set(coreArgmax);
      haveLast.set(1);
      state.set(S.code.stepDrain);
    })],
    [S.code.stepDrain, () => m.when(msgFree.and(count.eq(0)).and(pop.not()), () => {
      send(ch('T'), ...tok16(last));
      tokenIn.set(last);
      remaining.set(remaining.sub(1).resize(16));
      state.set(remaining.eq(1).mux(S.code.idle, S.code.stepStart));
    })],
  ]);
  // A logit leaves the FIFO as four bytes (after the state machine, so it wins over nothing: both never load msg in one cycle).
  m.when(pop, () => send(head.slice(7, 0), head.slice(15, 8), head.slice(23, 16), head.slice(31, 24)));
  return m;
}
