# Shared by bench/synapse_ab.sh and bench/build_ab.sh (sourced, not run).
#
# ort_median_ms ROOT NODE-MODULES MODEL.onnx INPUT.npy [THREADS]
#   ONNX Runtime's median forward-pass latency in ms (bench/ort_ann.js,
#   THREADS intra-op threads, 1 by default, warm session, batch 1), or -
#   when onnxruntime-node is missing or the run prints no latency.
ort_median_ms() {
  local root=$1 nm=$2 model=$3 input=$4 threads=${5:-1} us
  if [[ ! -e $nm/onnxruntime-node ]]; then
    echo -
    return
  fi
  us=$(node "$root/bench/ort_ann.js" --model "$model" --input "$input" \
         --threads "$threads" --steps 1 --output /dev/null --node-modules "$nm" 2>&1 |
       sed -n 's/.*mode=latency .*us_median=\([0-9.]*\).*/\1/p')
  if [[ -z $us ]]; then
    echo -
  else
    awk -v u="$us" 'BEGIN { printf "%.3f", u / 1000 }'
  fi
}

# zoo_limit MODEL: images per snn-run of the A/B scripts (VGG-11 is slow).
zoo_limit() {
  if [[ $1 == vgg11_bn ]]; then echo 4; else echo 16; fi
}
