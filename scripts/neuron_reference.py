#!/usr/bin/env python3
#===- neuron_reference.py - float32 reference of the snn neuron models ----===#
#
# Part of snn-mlir.
#
# An independent implementation of docs/NEURON-SEMANTICS.md in numpy,
# float32 throughout, written from the document (not from the compiler): it
# produces the reference trajectories that the native-execution tests compare
# the lowered code against.
#
#   neuron_reference.py simulate MODEL [options]      print the trajectories
#                                                     (--format=float to read)
#   neuron_reference.py compare MODEL [options] < runner-output
#
# MODEL is lif, if, izhikevich, lowpass, lif_rate or soft_lif_rate. The
# inputs x (one neuron each) come from --inputs; J = gain * x + bias; the
# state starts at 0. The output has one line per step holding, for every
# neuron, the op's results in order (output, then the new state) as the
# decimal 32-bit patterns of the float32 values; rate models have one line.
# `compare` reads lines in that format (the native tests print them with
# printI64) and checks every value against the reference, within --max-ulp
# units in the last place (default 0); with --decode=mean or lowpass it
# checks one line of decoded outputs instead, as --snn-materialize-time
# computes them, or --decode=count, spikes per neuron, or with --decode=trace
# --trace-steps=N the outputs of the first N steps (zeros past --steps), one
# line per step. --delay=D shifts the outputs by D steps (zeros first), as
# snn.delay does. --encode=poisson feeds Poisson spike trains instead of the
# constant inputs. --npy=FILE reads the values to compare from a .npy file
# (e.g. snn-run --output) instead of stdin. It prints a one-line summary
# (with spike counts for spiking models) and exits non-zero on a mismatch.
#
# IF's `reset` parameter is a word (subtract, zero) and `rectify` 1 or 0;
# LIF's min_voltage may be -inf (no floor).
#
# Elementary functions (exp, expm1, log, log1p) are taken from the C library
# by default (--math=libm, through ctypes), the one the lowered code calls,
# so that the comparison tests the equations and their order of operations
# bit for bit; --math=numpy uses numpy's own implementations (the current
# tests match those to 0 ulp as well).
#
#===----------------------------------------------------------------------===#

import argparse
import ctypes
import ctypes.util
import re
import sys

import numpy as np

F32 = np.float32

# Parameters and defaults of each model (NEURON-SEMANTICS.md), in the order
# of the op's attributes.
DEFAULTS = {
    "lif": dict(tau_rc=0.02, tau_ref=0.002, min_voltage=0.0, amplitude=1.0,
                gain=1.0, bias=0.0),
    "if": dict(amplitude=1.0, gain=1.0, bias=0.0, rectify=1.0,
               reset="subtract"),
    "izhikevich": dict(tau_recovery=0.02, coupling=0.2, reset_voltage=-65.0,
                       reset_recovery=8.0, gain=1.0, bias=0.0),
    "lowpass": dict(tau=0.005),
    "lif_rate": dict(tau_rc=0.02, tau_ref=0.002, amplitude=1.0, gain=1.0,
                     bias=0.0),
    "soft_lif_rate": dict(sigma=1.0, tau_rc=0.02, tau_ref=0.002,
                          amplitude=1.0, gain=1.0, bias=0.0),
}
# Number of state variables (the results are the output and the new state).
NUM_STATES = {"lif": 2, "if": 1, "izhikevich": 2, "lowpass": 1,
              "lif_rate": 0, "soft_lif_rate": 0}
SPIKING = {"lif", "if", "izhikevich"}


class Math:
    """exp, expm1, log, log1p on float32 arrays, from libm or numpy."""

    def __init__(self, kind):
        self.kind = kind
        if kind == "libm":
            libm = ctypes.CDLL(ctypes.util.find_library("m") or "libm.so.6")
            self.fns = {}
            for name in ("expf", "expm1f", "logf", "log1pf"):
                fn = getattr(libm, name)
                fn.restype = ctypes.c_float
                fn.argtypes = [ctypes.c_float]
                self.fns[name] = fn

    def _apply(self, name, npfn, x):
        x = np.asarray(x, dtype=F32)
        if self.kind == "numpy":
            with np.errstate(all="ignore"):
                return npfn(x).astype(F32)
        fn = self.fns[name]
        out = np.array([fn(float(v)) for v in x.ravel()], dtype=F32)
        return out.reshape(x.shape)

    def exp(self, x):
        return self._apply("expf", np.exp, x)

    def expm1(self, x):
        return self._apply("expm1f", np.expm1, x)

    def log(self, x):
        return self._apply("logf", np.log, x)

    def log1p(self, x):
        return self._apply("log1pf", np.log1p, x)


def current(x, p):
    """J = gain * x + bias."""
    return F32(p["gain"]) * x + F32(p["bias"])


def lif_step(m, p, J, v, r, dt):
    tau_rc = F32(p["tau_rc"])
    r = r - dt                                            # 1.
    delta = np.minimum(np.maximum(dt - r, F32(0)), dt)    # 2.
    v = v - (J - v) * m.expm1(-delta / tau_rc)            # 3.
    spiked = v > F32(1)                                   # 4.
    out = np.where(spiked, F32(p["amplitude"]) / dt, F32(0)).astype(F32)
    t_spike = dt + tau_rc * m.log1p(-(v - F32(1)) / (J - F32(1)))  # 5.
    v = np.maximum(v, F32(p["min_voltage"]))              # 6.
    v = np.where(spiked, F32(0), v).astype(F32)           # 7.
    r = np.where(spiked, F32(p["tau_ref"]) + t_spike, r).astype(F32)
    return out, v, r


def if_step(m, p, J, v, dt):
    if p["rectify"]:
        J = np.maximum(J, F32(0))
    v = v + J * dt
    if p["reset"] == "zero":
        spiked = v > F32(1)
        out = np.where(spiked, F32(p["amplitude"]) / dt, F32(0)).astype(F32)
        v = np.where(spiked, F32(0), v).astype(F32)
        return out, v
    n = np.floor(v)
    if not p["rectify"]:
        n = np.maximum(n, F32(0))
    out = F32(p["amplitude"]) * n / dt
    v = v - n
    return out, v


def izhikevich_step(m, p, J, v, u, dt):
    J = np.maximum(J, F32(-30))                                      # 1.
    dv = F32(0.04) * (v * v) + F32(5) * v + F32(140) - u + J         # 2.
    v = v + dv * F32(1000) * dt
    spiked = v >= F32(30)                                            # 3.
    out = np.where(spiked, F32(1) / dt, F32(0)).astype(F32)
    v = np.where(spiked, F32(p["reset_voltage"]), v).astype(F32)
    du = F32(p["tau_recovery"]) * (F32(p["coupling"]) * v - u)       # 4.
    u = u + du * F32(1000) * dt
    u = np.where(spiked, u + F32(p["reset_recovery"]), u).astype(F32)
    return out, v, u


def lowpass_step(m, p, u, x, dt):
    a = m.exp(-dt / F32(p["tau"]))
    return (a * x + (F32(1) - a) * u,)


def lif_rate(m, p, J):
    j = J - F32(1)
    rate = F32(p["amplitude"]) / (
        F32(p["tau_ref"]) + F32(p["tau_rc"]) * m.log1p(F32(1) / j))
    return (np.where(j > F32(0), rate, F32(0)).astype(F32),)


def soft_lif_rate(m, p, J):
    sigma = F32(p["sigma"])
    js = (J - F32(1)) / sigma
    z = sigma * np.where(js > F32(30), js, m.log1p(m.exp(js))).astype(F32)
    q = np.where(js > F32(-20), m.log1p(F32(1) / z),
                 -js - m.log(np.asarray(sigma, dtype=F32))).astype(F32)
    rate = F32(p["amplitude"]) / (F32(p["tau_ref"]) + F32(p["tau_rc"]) * q)
    return (rate,)


MASK64 = (1 << 64) - 1


def uniform_voltages(seed, offset, count):
    """The initial voltages of --snn-materialize-time=initial-voltage=uniform:
    splitmix64 seeded with `seed`, skipping `offset` values; each value's top
    24 bits times 2^-24 (float32)."""
    state = seed & MASK64
    out = []
    for i in range(offset + count):
        state = (state + 0x9E3779B97F4A7C15) & MASK64
        z = state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        z = z ^ (z >> 31)
        if i >= offset:
            out.append((z >> 40) * 2.0 ** -24)
    return np.array(out, dtype=F32)


MASK32 = (1 << 32) - 1


def fmix32(h):
    """MurmurHash3's 32-bit finalizer on uint32 values (Python ints or a
    uint64 array holding 32-bit values)."""
    h = h ^ (h >> 16)
    h = (h * 0x85EBCA6B) & MASK32
    h = h ^ (h >> 13)
    h = (h * 0xC2B2AE35) & MASK32
    return h ^ (h >> 16)


def poisson_encode(x, step, dt, max_rate, seed, arg_index=0):
    """The spikes of --snn-materialize-time=encode=poisson at `step` for the
    float32 inputs `x` (row-major element order) of argument `arg_index`:
    u < min(|x| * rate * dt, 1) ? copysign(1 / (rate * dt), x) : 0, with u
    from the counter-based hash of docs/LOWERING.md."""
    x = np.asarray(x, dtype=F32)
    s0 = fmix32((seed & MASK32) ^ ((seed >> 32) & MASK32) ^ 0x5BD1E995)
    key = fmix32((step * 0x9E3779B9 + s0) & MASK32)
    key = (key + arg_index * 0xC2B2AE35) & MASK32
    i = np.arange(x.size, dtype=np.uint64).reshape(x.shape)
    h = fmix32((i * np.uint64(0x85EBCA6B) + np.uint64(key)) &
               np.uint64(MASK32))
    u = (h >> np.uint64(8)).astype(F32) * F32(2.0 ** -24)
    rate_dt = F32(max_rate) * F32(dt)
    p = np.minimum(np.abs(x) * rate_dt, F32(1))
    spike = np.copysign(F32(1) / rate_dt, x).astype(F32)
    return np.where(u < p, spike, F32(0)).astype(F32)


def lowpass_input(x, step, period):
    """The lowpass tests drive the filter with x * (step mod period)."""
    return x * F32(step % period) if period else x


def simulate(model, params, x_in, steps, dt, math, input_period=0,
             initial_voltage=None, encode=None):
    """Returns an array [steps, neurons, results] (steps = 1 for rates).
    `encode`, if given, maps (x, step) to the input of that step."""
    x_in = np.asarray(x_in, dtype=F32)
    x = x_in
    dt = F32(dt)
    with np.errstate(all="ignore"):
        if model == "lif_rate":
            return np.stack(lif_rate(math, params, current(x, params)),
                            axis=-1)[None]
        if model == "soft_lif_rate":
            return np.stack(soft_lif_rate(math, params, current(x, params)),
                            axis=-1)[None]
        state = [np.zeros_like(x) for _ in range(NUM_STATES[model])]
        if initial_voltage is not None:
            state[0] = initial_voltage
        rows = []
        for step in range(steps):
            if encode is not None:
                x = encode(x_in, step)
            if model == "lif":
                out, *state = lif_step(math, params, current(x, params),
                                       *state, dt)
            elif model == "if":
                out, *state = if_step(math, params, current(x, params),
                                      *state, dt)
            elif model == "izhikevich":
                out, *state = izhikevich_step(math, params,
                                              current(x, params), *state, dt)
            else:
                (out,) = lowpass_step(math, params,
                                      lowpass_input(x, step, input_period),
                                      state[0], dt)
                state = [out]
            # The op's results: the output, then the new state (a lowpass's
            # output is its new state: one result).
            results = [out] if model == "lowpass" else [out, *state]
            rows.append(np.stack(results, axis=-1))
        return np.stack(rows).astype(F32)


def to_bits(values):
    return np.asarray(values, dtype=F32).view(np.uint32).astype(np.int64)


def from_bits(ints):
    return (np.asarray(ints, dtype=np.int64) & 0xFFFFFFFF).astype(
        np.uint32).view(F32)


def ordered(values):
    """Maps float32 values to integers that are ordered like the floats, so
    that the difference counts units in the last place."""
    bits = np.asarray(values, dtype=F32).view(np.int32).astype(np.int64)
    return np.where(bits < 0, -(bits & 0x7FFFFFFF), bits)


def read_runner_output(stream, neurons, results):
    rows = []
    for line in stream:
        ints = [int(t) for t in re.findall(r"-?\d+", line)]
        if not ints:
            continue
        if len(ints) != neurons * results:
            sys.exit(f"error: expected {neurons * results} values per line, "
                     f"got {len(ints)}: {line.strip()}")
        rows.append(from_bits(ints).reshape(neurons, results))
    return np.stack(rows) if rows else np.zeros((0, neurons, results), F32)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="float32 reference of the snn neuron models")
    parser.add_argument("command", choices=["simulate", "compare"])
    parser.add_argument("model", choices=sorted(DEFAULTS))
    parser.add_argument("--inputs", required=True,
                        help="comma-separated inputs x, one per neuron")
    parser.add_argument("--steps", type=int, default=1)
    parser.add_argument("--dt", type=float, default=0.001)
    parser.add_argument("--param", action="append", default=[],
                        metavar="NAME=VALUE", help="a model parameter")
    parser.add_argument("--input-period", type=int, default=0,
                        help="lowpass: drive with x * (step mod PERIOD)")
    parser.add_argument("--math", choices=["libm", "numpy"], default="libm")
    parser.add_argument("--max-ulp", type=int, default=0)
    parser.add_argument("--decode",
                        choices=["none", "mean", "lowpass", "count", "trace"],
                        default="none",
                        help="compare only the decoded output, as "
                        "--snn-materialize-time computes it: mean (sum in "
                        "step order, then / steps), lowpass (the output "
                        "filtered by a lowpass of --decode-tau, last step) "
                        "or count (spikes per neuron)")
    parser.add_argument("--encode", choices=["current", "poisson"],
                        default="current",
                        help="input encoding: constant current or Poisson "
                        "spikes (seeded with --seed)")
    parser.add_argument("--encode-max-rate", type=float, default=1000.0)
    parser.add_argument("--decode-tau", type=float, default=0.005)
    parser.add_argument("--trace-steps", type=int, default=0,
                        help="--decode trace: steps recorded (default: "
                        "--steps)")
    parser.add_argument("--delayed-inputs",
                        help="comma-separated y, one per neuron: from step "
                        "--input-delay on, the input is x + y (x + 0 "
                        "before), as x + snn.delay(y)")
    parser.add_argument("--input-delay", type=int, default=1)
    parser.add_argument("--delay", type=int, default=0,
                        help="shift the outputs by this many steps")
    parser.add_argument("--npy", help="compare: read the values from this "
                        ".npy file instead of stdin")
    parser.add_argument("--sample", type=int,
                        help="with --npy: compare only this index of the "
                        "file's first (sample) axis")
    parser.add_argument("--initial-voltage", choices=["zero", "uniform"],
                        default="zero")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--stream-offset", type=int, default=0,
                        help="uniform initial voltages: values of the stream "
                        "used by earlier populations")
    parser.add_argument("--format", choices=["bits", "float"], default="bits",
                        help="simulate: print bit patterns or floats (%%.9g)")
    return parser.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    params = dict(DEFAULTS[args.model])
    for item in args.param:
        name, _, value = item.partition("=")
        if name not in params:
            sys.exit(f"error: '{args.model}' has no parameter '{name}'")
        if name == "reset":
            if value not in ("subtract", "zero"):
                sys.exit(f"error: reset must be subtract or zero")
            params[name] = value
        else:
            params[name] = float(value)
    x = np.array([float(v) for v in args.inputs.split(",")], dtype=F32)
    steps = 1 if args.model.endswith("rate") else args.steps
    initial = None
    if args.initial_voltage == "uniform" and args.model in SPIKING:
        initial = uniform_voltages(args.seed, args.stream_offset, len(x))
    encode = None
    if args.encode == "poisson":
        def encode(values, step):
            return poisson_encode(values, step, args.dt, args.encode_max_rate,
                                  args.seed)
    if args.delayed_inputs:
        if encode is not None:
            sys.exit("error: --delayed-inputs and --encode poisson exclude "
                     "each other")
        y = np.array([float(v) for v in args.delayed_inputs.split(",")],
                     dtype=F32)

        def encode(values, step):
            return (values + (y if step >= args.input_delay
                              else np.zeros_like(y))).astype(F32)
    ref = simulate(args.model, params, x, steps, args.dt, Math(args.math),
                   args.input_period, initial, encode)
    if args.delay:
        # snn.delay: the output of step t is that of step t - delay, or 0
        # (only the outputs; the state columns are dropped).
        out = ref[:, :, :1]
        ref = np.concatenate([np.zeros_like(out[:args.delay]),
                              out[:max(0, steps - args.delay)]])[:steps]

    if args.decode == "mean":
        total = np.zeros_like(ref[0, :, 0])
        for row in ref[:, :, 0]:
            total = total + row
        ref = (total / F32(steps)).astype(F32)[None, :, None]
    elif args.decode == "count":
        if args.model not in SPIKING:
            sys.exit(f"error: --decode count needs a spiking model")
        scale = F32(args.dt) / F32(params["amplitude"])
        total = np.zeros_like(ref[0, :, 0])
        for row in ref[:, :, 0]:
            total = total + np.rint(row * scale).astype(F32)
        ref = total.astype(F32)[None, :, None]
    elif args.decode == "trace":
        n = args.trace_steps or steps
        trace = np.zeros((n, len(x), 1), F32)
        k = min(n, steps)
        trace[:k] = ref[:k, :, :1]
        ref = trace
    elif args.decode == "lowpass":
        math = Math(args.math)
        state = np.zeros_like(ref[0, :, 0])
        with np.errstate(all="ignore"):
            for row in ref[:, :, 0]:
                (state,) = lowpass_step(math, {"tau": args.decode_tau}, row,
                                        state, F32(args.dt))
        ref = state.astype(F32)[None, :, None]

    if args.command == "simulate":
        for row in ref:
            if args.format == "float":
                print(", ".join(f"{v:.9g}" for v in row.ravel()))
            else:
                print(", ".join(str(v) for v in to_bits(row).ravel()))
        return 0

    if args.npy:
        got = np.load(args.npy).astype(F32)
        if args.sample is not None:
            got = got[args.sample]
        got = got.reshape(-1, len(x), ref.shape[2])
    else:
        got = read_runner_output(sys.stdin, len(x), ref.shape[2])
    if got.shape != ref.shape:
        print(f"FAIL {args.model}: expected {ref.shape[0]} lines, got "
              f"{got.shape[0]}")
        return 1
    same_nan = np.isnan(got) & np.isnan(ref)
    ulp = np.where(same_nan, 0, np.abs(ordered(got) - ordered(ref)))
    worst = int(ulp.max()) if ulp.size else 0
    status = "PASS" if worst <= args.max_ulp else "FAIL"
    summary = (f"{status} {args.model}: {ref.shape[0]} steps x {len(x)} "
               f"neurons x {ref.shape[2]} values, max error {worst} ulp")
    if args.decode == "trace":
        spikes = (ref[:, :, 0] != 0).sum(axis=0)
        summary += ", decoded trace, nonzero steps " + " ".join(
            str(int(c)) for c in spikes)
    elif args.decode != "none":
        summary += f", decoded {args.decode} " + " ".join(
            f"{v:.6g}" for v in ref.ravel())
    elif args.model in SPIKING:
        spikes = (ref[:, :, 0] != 0).sum(axis=0)
        summary += ", spike steps " + " ".join(str(int(s)) for s in spikes)
    if args.model == "if" and args.decode == "none":
        # IF can spike more than once per step: output = amplitude * n / dt.
        count = np.rint(ref[:, :, 0].astype(np.float64) * args.dt /
                        params["amplitude"]).sum(axis=0)
        summary += ", spikes " + " ".join(str(int(c)) for c in count)
    print(summary)
    if status == "FAIL":
        step, neuron, value = np.unravel_index(int(ulp.argmax()), ulp.shape)
        print(f"  first worst: step {step} neuron {neuron} value {value}: "
              f"got {got[step, neuron, value]!r}, expected "
              f"{ref[step, neuron, value]!r}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
