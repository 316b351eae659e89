/**
 * iCE40 PLL parameters for a wanted output clock: the search of icestorm's `icepll`
 * (github.com/YosysHQ/icestorm, icepll/icepll.cc, simple feedback mode) re-implemented: the
 * phase detector input f_in / (DIVR + 1) must lie in 10..133 MHz, the VCO
 * f_pfd · (DIVF + 1) in 533..1066 MHz, and f_out = f_vco / 2^DIVQ with DIVQ in 1..6; of all
 * settings the one closest to the wanted frequency wins (the first found on a tie, in the
 * order DIVR, DIVF, DIVQ ascending), and FILTER_RANGE follows f_pfd.
 */

export interface PllConfig {
  divr: number;
  divf: number;
  divq: number;
  filterRange: number;
  /** The output frequency these settings give, in Hz. */
  outHz: number;
}

export class PllError extends RangeError {
  override name = 'PllError';
}

export function icePll(inHz: number, wantHz: number): PllConfig {
  const fin = inHz / 1e6;
  const fout = wantHz / 1e6;
  if (!(fin >= 10 && fin <= 133)) throw new PllError(`PLL: input ${fin} MHz is outside the iCE40 PLL's 10..133 MHz`);
  if (!(fout >= 16 && fout <= 275)) throw new PllError(`PLL: output ${fout} MHz is outside the iCE40 PLL's 16..275 MHz`);
  let best: Omit<PllConfig, 'filterRange' | 'outHz'> & { f: number } | undefined;
  for (let divr = 0; divr <= 15; divr++) {
    const pfd = fin / (divr + 1);
    if (pfd < 10 || pfd > 133) continue;
    for (let divf = 0; divf <= 127; divf++) {
      const vco = pfd * (divf + 1);
      if (vco < 533 || vco > 1066) continue;
      for (let divq = 1; divq <= 6; divq++) {
        const f = vco * 2 ** -divq;
        if (best === undefined || Math.abs(f - fout) < Math.abs(best.f - fout)) best = { divr, divf, divq, f };
      }
    }
  }
  if (best === undefined) throw new PllError(`PLL: no setting reaches ${fout} MHz from ${fin} MHz`);
  const pfd = fin / (best.divr + 1);
  const filterRange = pfd < 17 ? 1 : pfd < 26 ? 2 : pfd < 44 ? 3 : pfd < 66 ? 4 : pfd < 101 ? 5 : 6;
  return { divr: best.divr, divf: best.divf, divq: best.divq, filterRange, outHz: best.f * 1e6 };
}
