#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""peer_mc.py N: the Monte Carlo peer, numpy with 4 uncertain inputs only
(MFU and accelerator draw log-normal, grid intensity normal, PUE
triangular, the spreads lca uses for a 7e9-parameter A100 job in DE),
N draws through the same formula, then p05/p50/p95 and the mean of the
total.  It does less than lca (no Sobol indices, no per-output quantiles,
no bounded memory), so it is a yardstick, not a twin."""
import sys

import numpy as np

n = int(sys.argv[1])
rng = np.random.default_rng(1)
flops = 6 * 7e9 * 1.4e11
mfu = np.clip(np.exp(np.log(0.302) + 0.29 * rng.standard_normal(n)), 0.05, 1)
power = np.clip(np.exp(np.log(411.3) + 0.10 * rng.standard_normal(n)), 120, 600)
grid = np.clip(342.1 + 40.5 * rng.standard_normal(n), 0, 2000)
pue = rng.triangular(1.1, 1.56, 1.63, n)
dh = flops / (312e12 * mfu * 3600)
energy = (dh * power / 1e3 + dh / 8 * 831.44 / 1e3) * pue
total = energy * grid / 1e3 + (150 * dh + 2500 * dh / 8) / (6 * 8760 * 0.85)
p05, p50, p95 = np.percentile(total, [5, 50, 95])
print(f"total kgCO2e p05 {p05:.0f} p50 {p50:.0f} p95 {p95:.0f} mean {total.mean():.0f}")
