#!/usr/bin/env bash
# The whole training pipeline on a CUDA machine, from the split corpus to a model folder.
#
#   npx tsx scripts/build-corpus.ts          # here: writes .train/brown (git-ignored)
#   OUT=/path/to/out BUDGET=330 bash scripts/train/device-run.sh [extra train.py options]
#   OUT=... RUN=a STEPS=3000 bash scripts/train/device-run.sh --dropout 0.1   # one run of a sweep
#
# 1. tokenizer: reuses models/$NAME/tokenizer.json when it exists (TOKENIZER=train to retrain)
# 2. encodes the corpus (.train/brown/tokens.npz, unless newer than the tokenizer) and the
#    tokenizer cross-check samples
# 3. unless STEPS is set: times 60 compiled steps and sets the step count to fill BUDGET seconds
# 4. trains and evaluates (scripts/train/train.py), writing the model folder to /tmp/ternforge-train/model
# 5. packs $OUT/$RUN.safetensors and $OUT/$RUN-files.tar.gz (everything else); RUN defaults to model
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${OUT:?set OUT to an output folder}"
NAME=${NAME:-brown-ternary-5m}
BUDGET=${BUDGET:-330}
CORPUS=.train/brown
RUN=${RUN:-model}
M=/tmp/ternforge-train/$RUN  # packed into $OUT at the end
mkdir -p "$M"
export PYTHONUNBUFFERED=1

if [ "${TOKENIZER:-}" = train ] || [ ! -f "models/$NAME/tokenizer.json" ]; then
  python3 scripts/train/tokenizer.py train --corpus "$CORPUS" --out "$M" --vocab 2048
else
  cp -p "models/$NAME/tokenizer.json" "models/$NAME/tokenizer_config.json" "$M/"
fi
if [ ! "$CORPUS/tokens.npz" -nt "$M/tokenizer.json" ]; then
  python3 scripts/train/tokenizer.py encode --corpus "$CORPUS" --tokenizer "$M/tokenizer.json"
fi
python3 scripts/train/tokenizer.py samples --corpus "$CORPUS" --tokenizer "$M/tokenizer.json" \
  --out "$M/tokenizer-samples.json"

if [ -z "${STEPS:-}" ]; then
  python3 scripts/train/train.py --corpus "$CORPUS" --out /tmp/bench --steps 60 --eval-every 1000 \
    --log-every 20 --compile --eval-windows 1 --gen-tokens 1 "$@" > /tmp/bench.log
  STEPS=$(python3 -c "
import csv
rows = {int(r['step']): float(r['seconds']) for r in csv.DictReader(open('/tmp/bench/loss.csv'))}
per = (rows[60] - rows[20]) / 40
print(int($BUDGET / per))
print(f'bench: {per * 1000:.1f} ms/step', file=open('/dev/stderr', 'w'))")
fi
echo "training for $STEPS steps"
python3 scripts/train/train.py --corpus "$CORPUS" --tokenizer "$M/tokenizer.json" --out "$M" \
  --steps "$STEPS" --compile --time-limit $((BUDGET + 60)) "$@"
cp "$M/model.safetensors" "$OUT/$RUN.safetensors"
tar -C "$M" --exclude model.safetensors -czf "$OUT/$RUN-files.tar.gz" .
ls -l "$OUT" "$M"
