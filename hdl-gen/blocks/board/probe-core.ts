/**
 * A flash probe with the LM core's port interface, for bringing up a board before the model's
 * core fits it: each `start` reads memory word `token` (one-word burst) and answers with
 * argmax = the word's low bits modulo nothing (truncated to the token width) and one "logit",
 * the word's low 32 bits. Through the board top it checks the whole path (UART, host link,
 * flash set-up and quad reads at the configured offset) on real hardware against the image
 * the host wrote. Not a language model.
 */
import { ModuleBuilder } from '../../core/module-builder.ts';
import { bit, bitsForUnsigned, sint, uint } from '../../core/shape.ts';
import { stateEncoding } from '../../core/state-encoding.ts';

export function probeCore(vocabSize: number, wordBits: number, words: number): ModuleBuilder {
  if (wordBits < 32 || wordBits % 8 !== 0) throw new RangeError(`probe core: word width ${wordBits} must be a multiple of 8, at least 32`);
  if (words < vocabSize) throw new RangeError(`probe core: ${words} words cannot hold one per token of ${vocabSize}`);
  const TW = bitsForUnsigned(vocabSize - 1);
  const AW = bitsForUnsigned(words);
  const m = new ModuleBuilder(`probe_core_v${vocabSize}_w${wordBits}`);
  const start = m.input('start', bit());
  const token = m.input('token', uint(TW));
  const reqReady = m.input('mem_req_ready', bit());
  const rdValid = m.input('mem_rdata_valid', bit());
  const rdata = m.input('mem_rdata', uint(wordBits));
  const S = stateEncoding(['idle', 'req', 'wait']);
  const state = m.reg('state', S.shape, { reset: S.code.idle });
  const addr = m.reg('addr', uint(TW), { reset: 0 });
  const done = m.reg('done', bit(), { reset: 0, output: true });
  const argmax = m.reg('argmax', uint(TW), { reset: 0, output: true });
  const logitValid = m.reg('logit_valid', bit(), { reset: 0, output: true });
  const logitValue = m.reg('logit_value', sint(32), { reset: 0, output: true });
  done.set(0);
  logitValid.set(0);
  m.output('ready', state.eq(S.code.idle));
  m.output('mem_req_valid', state.eq(S.code.req));
  m.output('mem_req_addr', addr.resize(AW));
  m.output('mem_req_len', m.const(uint(1), 1));
  m.output('mem_rdata_ready', state.eq(S.code.wait));
  m.switch(state, [
    [S.code.idle, () => m.when(start, () => {
      addr.set(token);
      state.set(S.code.req);
    })],
    [S.code.req, () => m.when(reqReady, () => state.set(S.code.wait))],
    [S.code.wait, () => m.when(rdValid, () => {
      argmax.set(rdata.slice(TW - 1, 0));
      logitValue.set(rdata.slice(31, 0).asSigned());
      logitValid.set(1);
      done.set(1);
      state.set(S.code.idle);
    })],
  ]);
  return m;
}
