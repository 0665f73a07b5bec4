"""Reference values for libs/monitoring's drift-report specs, from SciPy 1.17.1 / numpy 2.4.6.

Run: python3 libs/monitoring/test/reference_values.py

The samples are those of the specs, regenerated with the exact Python port of
@sextant/plugin-sdk/testing's normalSample / categoricalSample in
plugins/stattests/test/reference_values.py. Each value is computed as Evidently computes it
(src/evidently/legacy/calculations/stattests/*.py), written out here in SciPy:
  wasserstein: stats.wasserstein_distance(ref, cur) / max(np.std(ref), 0.001)
  ks:          stats.ks_2samp(ref, cur)
  jensenshannon (categories): distance.jensenshannon(ref_shares, cur_shares)  (natural log)
  chisquare:   stats.chisquare(cur_counts, ref_shares * len(cur))
  z:           pooled two-proportion z-test, first sorted category against the rest
"""

import math
import os
import sys
import warnings

import numpy as np
from scipy import stats
from scipy.spatial import distance

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "../../../plugins/stattests/test"))
from reference_values import categorical_sample, normal_sample  # noqa: E402


def shares(ref, cur):
    keys = list(dict.fromkeys(list(ref) + list(cur)))
    rc = np.array([list(ref).count(k) for k in keys], dtype=float)
    cc = np.array([list(cur).count(k) for k in keys], dtype=float)
    return keys, rc, cc


def z_test(ref, cur):
    keys = sorted(set(ref) | set(cur))
    first = keys[0]
    n1, n2 = len(ref), len(cur)
    p1 = (n1 - list(ref).count(first)) / n1
    p2 = (n2 - list(cur).count(first)) / n2
    p = (p1 * n1 + p2 * n2) / (n1 + n2)
    z = (p1 - p2) / math.sqrt(p * (1 - p) * (1 / n1 + 1 / n2))
    return z, 2 * stats.norm.sf(abs(z))


def main():
    warnings.simplefilter("ignore")
    b = normal_sample(20260101, 5000, 0, 1)
    p = normal_sample(20260102, 5000, 0.3, 1.1)
    print("seed: wasserstein normed", stats.wasserstein_distance(b, p) / max(np.std(b), 0.001))
    stable = normal_sample(20260202, 5000, 0, 1)
    print("seed baseline vs N(0, 1) seed 20260202: wasserstein normed",
          stats.wasserstein_distance(b, stable) / max(np.std(b), 0.001))
    y_ref = normal_sample(20260201, 5000, 0, 1)
    y_cur = normal_sample(20260202, 5000, 0, 1)
    print("stable y: ks_2samp", stats.ks_2samp(y_ref, y_cur))

    # The small table (800 reference rows, 600 current): Evidently's choice for <= 1000 rows.
    a_ref = normal_sample(31, 800, 10, 2)
    a_cur = normal_sample(32, 600, 10.5, 2)
    print("small a: ks_2samp", stats.ks_2samp(a_ref, a_cur))
    c_ref = categorical_sample(33, 800, ["red", "green", "blue"], [5, 3, 2])
    c_cur = categorical_sample(34, 600, ["red", "green", "blue"], [4, 3, 3])
    keys, rc, cc = shares(c_ref, c_cur)
    print("small colour: keys", keys, "chisquare", stats.chisquare(cc, rc / rc.sum() * cc.sum()))
    f_ref = categorical_sample(35, 800, ["0", "1"], [7, 3])
    f_cur = categorical_sample(36, 600, ["0", "1"], [6, 4])
    print("small flag (0/1): z", z_test(f_ref, f_cur))
    l_ref = categorical_sample(37, 800, ["1", "2", "3", "4"], [1, 2, 3, 4])
    l_cur = categorical_sample(38, 600, ["1", "2", "3", "4"], [1, 2, 3, 4])
    keys, rc, cc = shares(l_ref, l_cur)
    print("small level (1-4): keys", keys, "chisquare", stats.chisquare(cc, rc / rc.sum() * cc.sum()))

    # Above 1000 reference rows: categories by Jensen-Shannon.
    g_ref = categorical_sample(41, 3000, ["a", "b", "c", "d"], [4, 3, 2, 1])
    g_cur = categorical_sample(42, 2000, ["a", "b", "c", "d"], [1, 2, 3, 4])
    keys, rc, cc = shares(g_ref, g_cur)
    print("large group: keys", keys, "jensenshannon", distance.jensenshannon(rc / rc.sum(), cc / cc.sum()))


if __name__ == "__main__":
    main()
