#!/usr/bin/env python3
"""Build the lca reference-data CSVs in datasets/ from the shared source folder.

Usage:  python3 datasets/tools/build_datasets.py [SHARED_DATA_DIR]

SHARED_DATA_DIR defaults to ../shared/data relative to the repository root
(the repository root is two levels above this file).  Python 3 standard
library only.  The C build never runs this script; its outputs are committed.

Every number written comes from a named source file (or, for the few values
marked "retrieved via search" in the source column, a named public document).
Nothing is estimated: a cell is left empty when no source gives the value.
"""
import csv
import json
import os
import re
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATASETS = os.path.dirname(HERE)
REPO = os.path.dirname(DATASETS)
SHARED = os.path.normpath(sys.argv[1]) if len(sys.argv) > 1 else \
    os.path.normpath(os.path.join(REPO, '..', 'shared', 'data'))

LB_PER_MWH_TO_G_PER_KWH = 0.45359237


def sp(*parts):
    return os.path.join(SHARED, *parts)


def fmt(x, nd=4):
    """Plain decimal string (no exponent, no thousands separator)."""
    if x is None or x == '':
        return ''
    x = float(x)
    s = f"{round(x, nd):.{nd}f}".rstrip('0').rstrip('.')
    return '0' if s in ('', '-0') else s


def write_csv(name, header, rows):
    path = os.path.join(DATASETS, name)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, 'w', encoding='utf-8', newline='') as f:
        w = csv.writer(f, lineterminator='\n')
        w.writerow(header)
        for r in rows:
            if isinstance(r, dict):
                r = [r.get(h, '') for h in header]
            w.writerow(['' if v is None else v for v in r])
    return len(rows)


def read_ga(name):
    """Green Algorithms CSVs have an annotation line before the header."""
    with open(sp('green-algorithms', 'latest', name), encoding='utf-8') as f:
        lines = f.read().splitlines()
    return list(csv.DictReader(lines[1:]))


def norm(s):
    return re.sub(r'[\s\-_]', '', s).lower()


# ---------------------------------------------------------------------------
# Citations
# ---------------------------------------------------------------------------
EPOCH = ("Epoch AI, Data on Machine Learning Hardware (CC BY 4.0), 2025-12 export, "
         "ml_hardware.csv row '{}' [shared: epoch-ai-ml-hardware/ml_hardware.csv]")
GA_CITE = ("Lannelongue et al., Green Algorithms v3.0 (CC BY 4.0, 2021/2025 data), "
           "{} [shared: green-algorithms/latest/{}]")
MLCO2_CITE = ("Lacoste et al., ML CO2 Impact calculator data (MIT, 2019-2021), "
              "{} [shared: mlco2-impact/{}]")
HWMD = "hardware/HARDWARE.md gap table (shared: hardware/HARDWARE.md)"
ANANDTECH = ("R. Smith, AnandTech, 'AMD Releases Instinct MI210 Accelerator: CDNA 2 on a PCIe Card' (2022), "
             "AMD Instinct spec table; retrieved via search, not in shared data")
NOTEBOOKCHECK = ("Notebookcheck, 'AMD announces CDNA-based Instinct MI100 GPU' (2020), reproducing AMD's MI100 "
                 "spec table; retrieved via search, not in shared data")
ZEXRON = ("zexron.com, 'AMD MI250(X) Aldebaran' (2021), reproducing AMD's MI200 spec table; "
          "retrieved via search, not in shared data")

# ---------------------------------------------------------------------------
# 1. accelerators.csv
# ---------------------------------------------------------------------------
ACC_HEADER = ['id', 'name', 'vendor', 'family', 'family_default', 'aliases', 'release', 'tdp_w',
              'bf16_tflops', 'fp16_tflops', 'tf32_tflops', 'fp32_tflops', 'fp8_tflops', 'memory_gb',
              'die_mm2', 'process_nm', 'source', 'notes']

# fp16 policy:
#   'tensor'  fp16 = Epoch 'Tensor-FP16/BF16' column (same dense rate for FP16 and BF16 tensor math)
#   'fp16col' fp16 = Epoch 'FP16' column, which for this row holds the tensor/matrix FP16 rate;
#             copied to bf16 when the BF16 column is empty
#   'vector'  fp16 = Epoch 'FP16' column, a vector (non-tensor) rate: chip has no tensor units
#   'none'    fp16 left empty (no tensor FP16 value in any source)
A = []


def acc(id, name, vendor, family, default, aliases, epoch=None, fp16='tensor', set=None, src=None,
        notes=''):
    A.append(dict(id=id, name=name, vendor=vendor, family=family, default=default, aliases=aliases,
                  epoch=epoch, fp16=fp16, set=set or {}, src=src or [], notes=notes))


NO_BF16_V = "V100 (Volta) has no BF16 support: the bf16 column holds the FP16 tensor rate (Epoch 'Tensor-FP16/BF16' column), the MFU basis used by Patterson et al. 2021."
# --- NVIDIA Kepler/Pascal -------------------------------------------------
acc('k80', 'NVIDIA Tesla K80', 'NVIDIA', 'k80', 1, ['NVIDIA Tesla K80', 'Tesla K80'], 'NVIDIA Tesla K80', 'none',
    notes="Dual-GPU board: TDP, FP32 and 24 GB memory are per board (two GK210 dies). No FP16/tensor units. mlco2-impact gpus.csv 'Tesla K80' lists 12 GB and 4.113 FP32 TFLOP/s (per die).")
acc('p4', 'NVIDIA Tesla P4', 'NVIDIA', 'p4', 1, ['NVIDIA Tesla P4', 'Tesla P4'], 'NVIDIA Tesla P4', 'vector',
    notes="No tensor cores; fp16 is the vector FP16 rate (1/64 of FP32 on this chip).")
acc('p40', 'NVIDIA Tesla P40', 'NVIDIA', 'p40', 1, ['P40', 'NVIDIA P40', 'NVIDIA Tesla P40', 'Tesla P40'], 'NVIDIA P40', 'vector',
    notes="No tensor cores; fp16 is the vector FP16 rate (1/64 of FP32). Process node not given by Epoch. 'P40' is the string used in claims/published_claims.json.")
acc('p100-pcie-16gb', 'NVIDIA Tesla P100 PCIe 16GB', 'NVIDIA', 'p100', 1,
    ['P100', 'NVIDIA P100 PCIe 16GB', 'Tesla P100-PCIE-16GB', 'NVIDIA Tesla P100', 'Tesla P100', 'NVIDIA Tesla P100 PCIe',
     'P100 PCIe 16GB', 'p100-16gb', 'NVIDIA P100'],
    'NVIDIA P100 PCIe 16GB', 'vector',
    notes="Family default for 'p100' (PCIe 16GB, the cloud variant). No tensor cores; fp16 is the vector FP16 rate (2x FP32), no BF16. 'P100' is the string used in claims/published_claims.json. Epoch row 'NVIDIA P100' (generic) gives 18.7 FP16 / 9.3 FP32; Green Algorithms TDP_gpu.csv 'NVIDIA Tesla P100' 250 W.")
acc('p100-pcie-12gb', 'NVIDIA Tesla P100 PCIe 12GB', 'NVIDIA', 'p100', 0,
    ['NVIDIA Tesla P100 PCIe 12GB', 'Tesla P100-PCIE-12GB', 'P100 PCIe 12GB'],
    'NVIDIA Tesla P100 PCIe 12GB', 'vector', set={'memory_gb': (12, "memory: from the Epoch row name ('12GB'; the memory cell is empty)")},
    notes="No tensor cores; fp16 is the vector FP16 rate, no BF16. memory_gb taken from the product name.")
acc('p100-sxm2', 'NVIDIA Tesla P100 SXM2', 'NVIDIA', 'p100', 0,
    ['NVIDIA Tesla P100 SXM2', 'Tesla P100-SXM2-16GB', 'P100 SXM2'],
    'NVIDIA Tesla P100 SXM2', 'vector',
    notes="No tensor cores; fp16 is the vector FP16 rate, no BF16. Epoch gives no memory size for this row.")
# --- NVIDIA Volta / Turing -------------------------------------------------
acc('v100-sxm2-16gb', 'NVIDIA Tesla V100 SXM2 16GB', 'NVIDIA', 'v100', 0,
    ['NVIDIA Tesla V100 SXM2 16 GB', 'NVIDIA Tesla V100 SXM2', 'Tesla V100-SXM2-16GB', 'V100 SXM2 16GB', 'V100 16GB', 'v100-16gb'],
    'NVIDIA Tesla V100 SXM2 16 GB', 'tensor',
    set={'memory_gb': (16, "memory: Epoch row 'NVIDIA Tesla V100 SXM2' (16e9 bytes)")},
    notes=NO_BF16_V + " Epoch FP16 column (non-tensor) 31.33. mlco2-impact gpus.csv lists this SKU at 250 W; Epoch says 300 W.")
acc('v100-sxm2-32gb', 'NVIDIA Tesla V100 SXM2 32GB', 'NVIDIA', 'v100', 1,
    ['NVIDIA Tesla V100 SXM2 32 GB', 'Tesla V100-SXM2-32GB', 'V100 SXM2 32GB', 'V100 32GB', 'v100-32gb', 'NVIDIA V100'],
    'NVIDIA Tesla V100 SXM2 32 GB', 'tensor',
    notes="Family default for 'v100'. " + NO_BF16_V + " Epoch FP16 column (non-tensor) 31.33. 'V100' (training_runs.csv, published_claims.json) resolves here via the family. Epoch's generic row 'NVIDIA V100' has the same TDP/FLOP/s.")
acc('v100-sxm3-32gb', 'NVIDIA Tesla V100 SXM3 32GB', 'NVIDIA', 'v100', 0,
    ['V100 32GB (SXM3)', 'NVIDIA Tesla V100 SXM3 32 GB', 'Tesla V100-SXM3-32GB', 'V100 SXM3 32GB'],
    'NVIDIA Tesla V100 SXM3 32 GB', 'tensor',
    set={'memory_gb': (32, "memory: from the Epoch row name ('32 GB'; the memory cell is empty)")},
    notes=NO_BF16_V + " 'V100 32GB (SXM3)' is the string used in training_runs.csv.")
acc('v100-pcie-16gb', 'NVIDIA Tesla V100 PCIe 16GB', 'NVIDIA', 'v100', 0,
    ['NVIDIA Tesla V100 PCIe 16 GB', 'Tesla V100-PCIE-16GB', 'V100 PCIe 16GB'],
    'NVIDIA Tesla V100 PCIe 16 GB', 'tensor',
    notes=NO_BF16_V + " mlco2-impact gpus.csv lists 'Tesla V100-PCIE-16GB' at 300 W; Epoch says 250 W.")
acc('v100-pcie-32gb', 'NVIDIA Tesla V100 PCIe 32GB', 'NVIDIA', 'v100', 0,
    ['NVIDIA Tesla V100 PCIe 32 GB', 'Tesla V100-PCIE-32GB', 'V100 PCIe 32GB'],
    'NVIDIA Tesla V100 PCIe 32 GB', 'tensor', notes=NO_BF16_V)
acc('v100s-pcie-32gb', 'NVIDIA Tesla V100S PCIe 32GB', 'NVIDIA', 'v100s', 1,
    ['NVIDIA Tesla V100S PCIe 32 GB', 'Tesla V100S-PCIE-32GB', 'NVIDIA Tesla V100S', 'V100S PCIe 32GB'],
    'NVIDIA Tesla V100S PCIe 32 GB', 'tensor',
    notes="V100S has no BF16: bf16 holds the FP16 tensor rate (Epoch 'Tensor-FP16/BF16' column).")
acc('t4', 'NVIDIA Tesla T4', 'NVIDIA', 't4', 1, ['NVIDIA Tesla T4', 'Tesla T4', 'NVIDIA T4'], 'NVIDIA Tesla T4', 'fp16col',
    src=["tensor FP16 also in mlco2-impact gpus.csv row 'T4' (65.13) and " + HWMD],
    notes="Only the FP16 tensor rate is given (Epoch stores it in its FP16 column, HARDWARE.md confirms it is tensor FP16): put in both fp16 and bf16. T4 (Turing) has no BF16.")
# --- NVIDIA Ampere -----------------------------------------------------------
acc('a10', 'NVIDIA A10', 'NVIDIA', 'a10', 1, ['NVIDIA A10 PCIe', 'NVIDIA A10', 'A10 PCIe'], 'NVIDIA A10 PCIe', 'tensor',
    set={'bf16_tflops': (125, "bf16/fp16: " + HWMD + " citing the NVIDIA A10 datasheet (125 dense, 250 with sparsity), flagged there as 'verify before use'")},
    notes="bf16/fp16 = 125 from HARDWARE.md (NVIDIA A10 datasheet), which flags it as unverified; not in Epoch. Epoch FP16 column (non-tensor) 31.24.")
acc('a10g', 'NVIDIA A10G', 'NVIDIA', 'a10g', 1, ['NVIDIA A10G'], 'NVIDIA A10G', 'none',
    notes="AWS-specific variant (G5 instances). No tensor BF16/FP16 rate in any shared source (HARDWARE.md: not in Epoch, no open data file); Epoch FP16 column (non-tensor) 31.5. MFU basis unavailable.")
acc('a30', 'NVIDIA A30', 'NVIDIA', 'a30', 1, ['NVIDIA A30', 'NVIDIA A30 PCIe', 'A30 PCIe'], None, 'none',
    src=["name only: the A30 is in none of the shared sources (Epoch ml_hardware.csv 2025-12 export, hardware/HARDWARE.md, green-algorithms TDP_gpu.csv, mlco2-impact gpus.csv); no spec value written"],
    notes="Row kept so the name resolves; all numeric cells empty because no source gives them.")
acc('a40', 'NVIDIA A40', 'NVIDIA', 'a40', 1, ['NVIDIA A40 PCIe', 'NVIDIA A40', 'A40 PCIe'], 'NVIDIA A40 PCIe', 'tensor',
    notes="Epoch FP16 column (non-tensor) 37.42. Epoch gives no process node.")
acc('a100-sxm4-40gb', 'NVIDIA A100 SXM4 40GB', 'NVIDIA', 'a100', 0,
    ['A100 40GB', 'NVIDIA A100 SXM4 40 GB', 'NVIDIA A100-SXM4-40GB', 'A100-SXM4-40GB', 'A100 SXM4 40GB', 'a100-40gb'],
    'NVIDIA A100 SXM4 40 GB', 'tensor',
    notes="'A100 40GB' is the string used in training_runs.csv. Epoch FP16 column (non-tensor) 77.97. Epoch's generic row 'NVIDIA A100' (2020-03-01, 400 W, 40 GB) has the same figures.")
acc('a100-sxm4-80gb', 'NVIDIA A100 SXM4 80GB', 'NVIDIA', 'a100', 1,
    ['A100 80GB', 'A100 SXM4 80GB', 'NVIDIA A100 SXM4 80 GB', 'NVIDIA A100-SXM4-80GB', 'A100-SXM4-80GB', 'a100-80gb',
     'A100 SXM4 80 GB'],
    'NVIDIA A100 SXM4 80 GB', 'tensor',
    src=["TDP and 312 also in mlco2-impact gpus.csv row 'A100 SXM4 80 GB'"],
    notes="Family default for 'a100' ('A100' in training_runs.csv resolves here via the family). 'A100 80GB' (training_runs.csv) and 'A100 SXM4 80GB' (published_claims.json) are aliases. Epoch FP16 column (non-tensor) 77.97.")
acc('a100-pcie-40gb', 'NVIDIA A100 PCIe 40GB', 'NVIDIA', 'a100', 0,
    ['NVIDIA A100 40GB PCIe', 'NVIDIA A100-PCIE-40GB', 'A100-PCIE-40GB', 'A100 PCIe 40GB', 'NVIDIA A100 PCIe'],
    'NVIDIA A100 PCIe', 'tensor',
    set={'tdp_w': (250, "TDP: " + GA_CITE.format("TDP_gpu.csv row 'NVIDIA A100 40GB PCIe' (250 W, NVIDIA datasheet)", 'TDP_gpu.csv') + "; also mlco2-impact gpus.csv 'A100 PCIe 40/80GB' 250 W; Epoch's single 'A100 PCIe' row says 300 W")},
    notes="FLOP/s, die and node from Epoch's single 'NVIDIA A100 PCIe' row (which has 40 GB and 300 W). TDP 250 W per HARDWARE.md gap table.")
acc('a100-pcie-80gb', 'NVIDIA A100 PCIe 80GB', 'NVIDIA', 'a100', 0,
    ['NVIDIA A100 80GB PCIe', 'NVIDIA A100-PCIE-80GB', 'A100-PCIE-80GB', 'A100 PCIe 80GB'],
    'NVIDIA A100 PCIe', 'tensor',
    set={'tdp_w': (300, "TDP: " + GA_CITE.format("TDP_gpu.csv row 'NVIDIA A100 80GB PCIe' (300 W, NVIDIA datasheet)", 'TDP_gpu.csv')),
         'memory_gb': (80, "memory: from the Green Algorithms model name 'NVIDIA A100 80GB PCIe'")},
    notes="FLOP/s, die and node from Epoch's single 'NVIDIA A100 PCIe' row; TDP 300 W (Green Algorithms) equals that row's TDP. mlco2-impact gpus.csv lumps 40/80GB PCIe at 250 W.")
acc('a800-sxm', 'NVIDIA A800 SXM', 'NVIDIA', 'a800', 1, ['A800', 'NVIDIA A800 SXM', 'A800 SXM'], 'NVIDIA A800 SXM', 'tensor',
    notes="Family default for 'a800'; 'A800' is the string used in training_runs.csv (memory size not stated there). Epoch gives no memory size for this row. Epoch FP16 column (non-tensor) 77.97.")
acc('a800-pcie-40gb', 'NVIDIA A800 PCIe 40GB', 'NVIDIA', 'a800', 0, ['NVIDIA A800 PCIe 40 GB', 'A800 PCIe 40GB'],
    'NVIDIA A800 PCIe 40 GB', 'tensor',
    set={'memory_gb': (40, "memory: from the Epoch row name ('40 GB'; the memory cell is empty)")},
    notes="Epoch FP16 column (non-tensor) 77.97.")
acc('a800-pcie-80gb', 'NVIDIA A800 PCIe 80GB', 'NVIDIA', 'a800', 0, ['NVIDIA A800 PCIe 80 GB', 'A800 PCIe 80GB'],
    'NVIDIA A800 PCIe 80 GB', 'tensor',
    set={'memory_gb': (80, "memory: from the Epoch row name ('80 GB'; the memory cell is empty)")},
    notes="Epoch FP16 column (non-tensor) 77.97. Epoch gives 250 W for both PCIe memory sizes.")
acc('rtx-a6000', 'NVIDIA RTX A6000', 'NVIDIA', 'rtx-a6000', 1, ['NVIDIA RTX A6000', 'RTX A6000', 'A6000'], 'NVIDIA RTX A6000', 'none',
    src=["also mlco2-impact gpus.csv row 'RTX A6000' (300 W, 38.71, 48 GB)"],
    notes="No tensor FP16/BF16 rate in any shared source; Epoch FP16 column 38.7 is the non-tensor rate (= FP32). MFU basis unavailable.")
acc('rtx-3090', 'NVIDIA GeForce RTX 3090', 'NVIDIA', 'rtx-3090', 1, ['NVIDIA GeForce RTX 3090', 'GeForce RTX 3090', 'RTX 3090'],
    'NVIDIA GeForce RTX 3090', 'none',
    src=["also mlco2-impact gpus.csv row 'RTX 3090' (350 W)"],
    notes="No tensor FP16/BF16 rate in any shared source; Epoch FP16 column 35.58 is the non-tensor rate. Epoch gives 160 TFLOP/s tensor for the RTX 3090 Ti (different SKU, not copied). MFU basis unavailable.")
# --- NVIDIA Ada ------------------------------------------------------------
acc('rtx-4090', 'NVIDIA GeForce RTX 4090', 'NVIDIA', 'rtx-4090', 1, ['NVIDIA GeForce RTX 4090', 'GeForce RTX 4090', 'RTX 4090'],
    'NVIDIA GeForce RTX 4090', 'tensor',
    src=["also mlco2-impact gpus.csv row 'RTX 4090' (450 W)"],
    notes="bf16/fp16 330 is Epoch's 'Tensor-FP16/BF16' value. On GeForce cards the tensor rate depends on the accumulate precision (FP32 accumulate runs at a lower rate), so treat it as an upper bound. Epoch FP16/TF32 columns 82.6; no process node in Epoch.")
acc('l4', 'NVIDIA L4', 'NVIDIA', 'l4', 1, ['NVIDIA L4'], 'NVIDIA L4', 'tensor',
    src=["also mlco2-impact gpus.csv row 'L4' (72 W)"],
    notes="Epoch FP16 column (non-tensor) 30.29.")
acc('l40', 'NVIDIA L40', 'NVIDIA', 'l40', 1, ['NVIDIA L40'], 'NVIDIA L40', 'tensor',
    notes="Epoch FP16 column (non-tensor) 90.52; no process node or TF32 in Epoch.")
acc('l40s', 'NVIDIA L40S', 'NVIDIA', 'l40s', 1, ['NVIDIA L40S'], None, 'none',
    set={'tdp_w': (350, None), 'bf16_tflops': (362.05, None), 'fp16_tflops': (362.05, None), 'tf32_tflops': (183, None),
         'memory_gb': (48, None)},
    src=[MLCO2_CITE.format("gpus.csv row 'L40S' (NVIDIA L40S datasheet URL)", 'gpus.csv')],
    notes="Not in Epoch. From mlco2-impact gpus.csv: its 'TFLOPS32' cell (183) is the TF32 tensor rate, not plain FP32, so it is put in tf32; its 'TFLOPS16' cell (362.05) is the dense FP16/BF16 tensor rate (the datasheet's sparse figures are twice as high). FP32 left empty.")
# --- NVIDIA Hopper -----------------------------------------------------------
acc('h100-sxm5-80gb', 'NVIDIA H100 SXM5 80GB', 'NVIDIA', 'h100', 1,
    ['H100 SXM 80GB', 'NVIDIA H100 SXM5 80GB', 'H100 SXM5 80GB', 'H100-SXM5-80GB', 'NVIDIA H100 80GB HBM3', 'H100 SXM', 'NVIDIA H100-SXM-80GB', 'h100-sxm'],
    'NVIDIA H100 SXM5 80GB', 'tensor',
    notes="Family default for 'h100'. 'H100 SXM 80GB' is the string used in training_runs.csv. Dense figures; mlco2-impact gpus.csv 'H100 SXM' quotes sparse 989/1979 (see HARDWARE.md). FP8 not in Epoch row. Epoch FP16 column (non-tensor) 133.8.")
acc('h100-pcie-80gb', 'NVIDIA H100 PCIe 80GB', 'NVIDIA', 'h100', 0, ['NVIDIA H100 PCIe', 'H100 PCIe', 'H100 PCIe 80GB', 'NVIDIA H100-PCIe-80GB'],
    'NVIDIA H100 PCIe', 'tensor',
    notes="Epoch gives 4 nm for the PCIe card but 5 nm for the SXM5 part (same die). Epoch FP16 column (non-tensor) 204.9.")
acc('h100-nvl', 'NVIDIA H100 NVL', 'NVIDIA', 'h100', 0, ['NVIDIA H100 NVL', 'H100 NVL', 'H100 NVL 94GB'], 'NVIDIA H100 NVL', 'fp16col',
    src=["dense 835.5 confirmed by " + HWMD + " and mlco2-impact gpus.csv row 'H100 NVL' (835/1671 dense/sparse)"],
    notes="Per GPU (the NVL product pairs two cards). Only the FP16 tensor value is given (Epoch stores the dense BF16/FP16 tensor rate in its FP16 column): put in both fp16 and bf16.")
acc('h800-sxm5-80gb', 'NVIDIA H800 SXM5 80GB', 'NVIDIA', 'h800', 1, ['H800', 'NVIDIA H800 SXM5', 'H800 SXM5', 'H800 SXM5 80GB'],
    'NVIDIA H800 SXM5', 'tensor',
    set={'fp8_tflops': (1979, "fp8: the dense FP8 peak training-runs/training_runs.csv uses for DeepSeek-V3 on H800 "
                              "(row deepseek-v3-h800: 'relative to the FP8 peak (1979)'; DeepSeek-AI 2024, arXiv:2412.19437) "
                              "[shared: training-runs/training_runs.csv]")},
    notes="Family default for 'h800'; 'H800' is the string used in training_runs.csv. tf32 454.5 and fp32 59.3 are as Epoch gives them (lower than H100 SXM5).")
acc('h20', 'NVIDIA HGX H20', 'NVIDIA', 'h20', 1, ['NVIDIA HGX H20', 'NVIDIA H20'], 'NVIDIA HGX H20', 'tensor',
    notes="Epoch gives no process node or die size.")
acc('h200-sxm-141gb', 'NVIDIA H200 SXM 141GB', 'NVIDIA', 'h200', 1, ['NVIDIA H200 SXM', 'H200 SXM', 'NVIDIA H200-SXM-141GB', 'H200 SXM 141GB', 'NVIDIA H200'],
    'NVIDIA H200 SXM', 'tensor',
    set={'memory_gb': (141, "memory: " + HWMD + " (NVIDIA H200 datasheet, linked in Epoch's 'Link to datasheet' column; the Epoch memory cell is empty)")},
    notes="memory_gb 141 from HARDWARE.md (NVIDIA H200 datasheet).")
acc('gh200', 'NVIDIA GH200 Grace Hopper', 'NVIDIA', 'gh200', 1, ['NVIDIA GH200', 'GH200', 'GH200 Grace Hopper Superchip'], 'NVIDIA GH200', 'tensor',
    notes="Figures are for the Hopper GPU of the superchip as Epoch lists them; TDP 700 W as Epoch gives it (module power is configurable). Epoch gives no memory size.")
# --- NVIDIA Blackwell -------------------------------------------------------
acc('b100', 'NVIDIA B100', 'NVIDIA', 'b100', 1, ['NVIDIA B100'], 'NVIDIA B100', 'tensor',
    notes="Epoch notes: figures without sparsity. Dual-die package; figures per package. No die size/node in Epoch.")
acc('b200', 'NVIDIA B200', 'NVIDIA', 'b200', 1, ['NVIDIA B200', 'NVIDIA B200-SXM-180GB', 'B200 SXM 180GB'], 'NVIDIA B200', 'fp16col',
    notes="Epoch notes: figures without sparsity. Dual-die package; figures per package. No die size/node in Epoch.")
acc('gb200', 'NVIDIA GB200 (per GPU)', 'NVIDIA', 'gb200', 1, ['NVIDIA GB200'], 'NVIDIA GB200', 'fp16col',
    notes="Epoch notes: performance figures are per GPU, not per GB200 superchip (2 GPUs); TDP and memory likewise per GPU as Epoch lists them.")
acc('b300', 'NVIDIA B300 (Blackwell Ultra)', 'NVIDIA', 'b300', 1, ['NVIDIA B300 (Blackwell Ultra)', 'NVIDIA B300', 'Blackwell Ultra'],
    'NVIDIA B300 (Blackwell Ultra)', 'tensor', notes="Epoch notes: figures without sparsity.")
acc('gb300', 'NVIDIA GB300 (per GPU)', 'NVIDIA', 'gb300', 1, ['NVIDIA GB300 (Blackwell Ultra)', 'NVIDIA GB300'],
    'NVIDIA GB300 (Blackwell Ultra)', 'tensor', notes="Epoch notes: per individual GPU, not per GB300 superchip; without sparsity.")
# --- AMD ---------------------------------------------------------------------
acc('mi100', 'AMD Instinct MI100', 'AMD', 'mi100', 1, ['AMD Instinct MI100', 'Instinct MI100'], None, 'none',
    set={'tdp_w': (300, None), 'bf16_tflops': (92.3, None), 'fp16_tflops': (184.6, None), 'fp32_tflops': (23.1, None),
         'memory_gb': (32, None), 'process_nm': (7, None)},
    src=["bf16: " + NOTEBOOKCHECK, "TDP, FP16 matrix, FP32 vector, memory, node: " + ANANDTECH],
    notes="Not in Epoch or any shared file. MI100 BF16 matrix rate (92.3) is half its FP16 matrix rate (184.6). fp32 is the vector rate (FP32 matrix 46.1). Launched 11/2020.")
acc('mi210', 'AMD Instinct MI210', 'AMD', 'mi210', 1, ['AMD Instinct MI210', 'Instinct MI210'], None, 'none',
    set={'tdp_w': (300, None), 'bf16_tflops': (181, None), 'fp16_tflops': (181, None), 'fp32_tflops': (22.6, None),
         'memory_gb': (64, None), 'process_nm': (6, None)},
    src=[ANANDTECH],
    notes="Not in Epoch or any shared file. Only the FP16 matrix rate (181) is given by the table: put in both fp16 and bf16. fp32 is the vector rate (FP32 matrix 45.3). Node 'TSMC N6'. Launched 03/2022.")
acc('mi250', 'AMD Instinct MI250', 'AMD', 'mi250', 1, ['AMD Instinct MI250', 'Instinct MI250'], None, 'none',
    set={'tdp_w': (560, None), 'bf16_tflops': (362.1, None), 'fp16_tflops': (362.1, None), 'fp32_tflops': (45.3, None),
         'memory_gb': (128, None), 'process_nm': (6, None)},
    src=["bf16/fp16 (AMD 'FP16 | bf16 (Peak)' 362.1): " + ZEXRON, "TDP, FP32 vector, memory, node: " + ANANDTECH],
    notes="Not in Epoch or any shared file. Per package (2 GCDs). fp32 is the vector rate (FP32 matrix 90.5). TDP 560 W as AnandTech lists it. Launched 11/2021.")
acc('mi250x', 'AMD Instinct MI250X', 'AMD', 'mi250x', 1, ['AMD Radeon Instinct MI250X', 'AMD Instinct MI250X', 'Instinct MI250X'],
    'AMD Radeon Instinct MI250X', 'fp16col',
    notes="Per package (2 GCDs); die_mm2 724 is per GCD (HARDWARE.md).")
acc('mi300a', 'AMD Instinct MI300A', 'AMD', 'mi300a', 1, ['AMD Instinct MI300A', 'Instinct MI300A'], 'AMD Instinct MI300A', 'fp16col',
    notes="APU (CPU+GPU); Epoch gives no die size.")
acc('mi300x', 'AMD Instinct MI300X', 'AMD', 'mi300x', 1, ['AMD Instinct MI300X', 'Instinct MI300X', 'AMD Instinct MI300X-192GB'],
    'AMD Instinct MI300X', 'fp16col',
    notes="die_mm2 1017 as Epoch gives it (chiplet design; total silicon is larger, HARDWARE.md).")
acc('mi325x', 'AMD Instinct MI325X', 'AMD', 'mi325x', 1, ['AMD Instinct MI325X', 'Instinct MI325X'], 'AMD Instinct MI325X', 'fp16col',
    notes="Epoch gives 1300 (FP16 column) vs 1307.4 (BF16 column); both copied as given.")
acc('mi350x', 'AMD Instinct MI350X', 'AMD', 'mi350x', 1, ['AMD Instinct MI350X', 'Instinct MI350X'], 'AMD Instinct MI350X', 'fp16col',
    notes="Epoch gives 2340 (FP16 column) vs 2309.6 (BF16 column); both copied as given.")
acc('mi355x', 'AMD Instinct MI355X', 'AMD', 'mi355x', 1, ['AMD Instinct MI355X', 'Instinct MI355X'], 'AMD Instinct MI355X', 'fp16col',
    notes="Epoch gives 2340 (FP16 column) vs 2516.6 (BF16 column); both copied as given.")
# --- Google TPU -------------------------------------------------------------
TPU_NOTE = "TPUs do matrix math in BF16; no FP16 rate given. Figures per chip."
acc('tpu-v2', 'Google TPU v2', 'Google', 'tpu-v2', 1, ['TPU v2', 'Google TPU v2', 'TPUv2', 'TPUv2 Chip'], 'Google TPU v2', 'none',
    src=["TDP also " + GA_CITE.format("TDP_gpu.csv row 'TPU v2' (280 W)", 'TDP_gpu.csv')],
    notes=TPU_NOTE + " Measured average power per chip 221 W (Patterson et al. 2021, via mlco2-impact gpus.csv 'TPUv2 Chip' and HARDWARE.md) vs 280 W TDP. 'TPU v2' is the string used in published_claims.json.")
acc('tpu-v3', 'Google TPU v3', 'Google', 'tpu-v3', 1, ['TPU v3', 'Google TPU v3', 'TPUv3', 'TPUv3 Chip', 'TPUV3'], 'Google TPU v3', 'none',
    src=["TDP also " + GA_CITE.format("TDP_gpu.csv row 'TPU v3' (220 W, Google Cloud TPU docs)", 'TDP_gpu.csv')],
    notes=TPU_NOTE + " Measured average power per chip 283 W (Patterson et al. 2021, via mlco2-impact gpus.csv 'TPUv3 Chip' and HARDWARE.md) vs 220 W TDP; published_claims.json records Patterson Table 4 using 450 W for TPU v3 runs. 'TPU v3' is the string used in training_runs.csv and published_claims.json.")
acc('tpu-v4', 'Google TPU v4', 'Google', 'tpu-v4', 1, ['TPU v4', 'Google TPU v4', 'TPUv4'], 'Google TPU v4', 'none',
    src=["TDP also " + GA_CITE.format("TDP_gpu.csv row 'TPU v4' (170 W)", 'TDP_gpu.csv')],
    notes=TPU_NOTE + " 'TPU v4' is the string used in training_runs.csv.")
acc('tpu-v4i', 'Google TPU v4i', 'Google', 'tpu-v4i', 1, ['TPU v4i', 'Google TPU v4i'], 'Google TPU v4i', 'none',
    notes=TPU_NOTE + " Inference chip.")
acc('tpu-v5e', 'Google TPU v5e', 'Google', 'tpu-v5e', 1, ['TPU v5e', 'Google TPU v5e', 'TPU v5 lite', 'v5litepod'], 'Google TPU v5e', 'none',
    notes=TPU_NOTE)
acc('tpu-v5p', 'Google TPU v5p', 'Google', 'tpu-v5p', 1, ['TPU v5p', 'Google TPU v5p'], 'Google TPU v5p', 'none',
    notes=TPU_NOTE + " Epoch gives no TDP.")
acc('tpu-v6e', 'Google TPU v6e Trillium', 'Google', 'tpu-v6e', 1, ['TPU v6e', 'Google TPU v6e Trillium', 'Trillium', 'TPU v6 Trillium'],
    'Google TPU v6e Trillium', 'none', notes=TPU_NOTE + " Epoch gives no TDP.")
acc('tpu-v7', 'Google TPU v7 Ironwood', 'Google', 'tpu-v7', 1, ['TPU v7', 'Google TPU v7 Ironwood', 'Ironwood', 'TPU7x'],
    'Google TPU v7 Ironwood', 'none', notes=TPU_NOTE)
# --- Intel -------------------------------------------------------------------
acc('gaudi-hl205', 'Intel Habana Gaudi (HL-205)', 'Intel', 'gaudi', 1, ['Intel Habana GAUDI HL-205', 'Habana Gaudi', 'Gaudi HL-205', 'gaudi1'],
    'Intel Habana GAUDI HL-205', 'none', notes="Epoch gives only TDP for this row.")
acc('gaudi2', 'Intel Gaudi 2', 'Intel', 'gaudi2', 1, ['Intel Habana Gaudi2', 'Habana Gaudi2', 'Gaudi 2', 'Intel Gaudi 2', 'HL-225'],
    'Intel Habana Gaudi2', 'none', notes="bf16 is the matrix-engine BF16 rate; Epoch gives no FP16 value.")
acc('gaudi3', 'Intel Gaudi 3', 'Intel', 'gaudi3', 1, ['Intel Habana Gaudi3', 'Habana Gaudi3', 'Gaudi 3', 'Intel Gaudi 3'],
    'Intel Habana Gaudi3', 'none',
    notes="bf16 is the matrix-engine BF16 rate. Epoch's FP16 column (28.7) is a vector rate, not copied to fp16. Epoch notes: die area not found.")
acc('max-1550', 'Intel Data Center GPU Max 1550', 'Intel', 'max-1550', 1, ['Intel Data Center GPU Max 1550', 'Ponte Vecchio', 'Max 1550'],
    'Intel Data Center GPU Max 1550', 'none',
    notes="No matrix BF16/FP16 rate in Epoch (its FP16 column 52.43 equals FP32, a vector rate). MFU basis unavailable.")
# --- AWS -----------------------------------------------------------------------
acc('inferentia2', 'AWS Inferentia2', 'AWS', 'inferentia2', 1, ['AWS Inferentia2', 'Inferentia2', 'inf2'], 'AWS Inferentia2', 'fp16col',
    notes="Per chip. Epoch gives no TDP.")
acc('trainium1', 'AWS Trainium (Trn1)', 'AWS', 'trainium1', 1, ['Amazon Trainium1', 'AWS Trainium', 'Trainium', 'trn1'], 'Amazon Trainium1', 'fp16col',
    notes="Per chip. Epoch gives no TDP or memory.")
acc('trainium2', 'AWS Trainium2', 'AWS', 'trainium2', 1, ['Amazon Trainium2', 'AWS Trainium2', 'trn2'], 'Amazon Trainium2', 'none',
    notes="Per chip. Epoch gives no FP16 value.")
acc('trainium3', 'AWS Trainium3', 'AWS', 'trainium3', 1, ['Amazon Trainium3', 'AWS Trainium3', 'trn3'], 'Amazon Trainium3', 'none',
    notes="Per chip. Epoch notes: TDP from a SemiAnalysis article; memory not yet filled in Epoch.")
# --- Other ---------------------------------------------------------------------
acc('ascend-910b', 'Huawei Ascend 910B', 'Huawei', 'ascend-910b', 1, ['Huawei Ascend 910B', 'Ascend 910B'], 'Huawei Ascend 910B', 'fp16col',
    notes="Only the FP16 (cube) rate is given by Epoch: put in both fp16 and bf16.")


def build_accelerators():
    with open(sp('epoch-ai-ml-hardware', 'ml_hardware.csv'), encoding='utf-8') as f:
        epoch = {r['Hardware name']: r for r in csv.DictReader(f)}

    def tf(v):
        return float(v) / 1e12 if v not in ('', None) else None

    rows = []
    for e in A:
        r = {k: '' for k in ACC_HEADER}
        r.update(id=e['id'], name=e['name'], vendor=e['vendor'], family=e['family'],
                 family_default=str(e['default']), aliases=';'.join(e['aliases']))
        src = []
        notes = []
        vals = {}
        if e['epoch']:
            x = epoch[e['epoch']]
            src.append(EPOCH.format(e['epoch']))
            vals['release'] = x['Release date']
            vals['tdp_w'] = float(x['TDP (W)']) if x['TDP (W)'] else None
            bf16 = tf(x['Tensor-FP16/BF16 performance (FLOP/s)'])
            fp16col = tf(x['FP16 (half precision) performance (FLOP/s)'])
            vals['bf16_tflops'] = bf16
            if e['fp16'] == 'tensor':
                vals['fp16_tflops'] = bf16
            elif e['fp16'] in ('fp16col', 'vector'):
                vals['fp16_tflops'] = fp16col
                if e['fp16'] == 'fp16col' and bf16 is None:
                    vals['bf16_tflops'] = fp16col
            vals['tf32_tflops'] = tf(x['TF32 (TensorFloat-32) performance (FLOP/s)'])
            vals['fp32_tflops'] = tf(x['FP32 (single precision) performance (FLOP/s)'])
            vals['fp8_tflops'] = tf(x['FP8 performance (FLOP/s)'])
            mem = x['Memory size per board (Byte)']
            vals['memory_gb'] = float(mem) / 1e9 if mem else None
            vals['die_mm2'] = float(x['Die Size (mm^2)']) if x['Die Size (mm^2)'] else None
            vals['process_nm'] = float(x['Process size (nm)']) if x['Process size (nm)'] else None
            if mem:
                notes.append("memory_gb = Epoch bytes / 1e9 (decimal GB; reproduces the vendor's quoted GB figure).")
            notes.append("FLOP/s converted from Epoch FLOP/s to TFLOP/s (/1e12); dense, no sparsity.")
        for k, (v, why) in e['set'].items():
            vals[k] = v
            if k == 'bf16_tflops' and e['fp16'] == 'tensor' and e['epoch']:
                vals['fp16_tflops'] = v
            if why:
                src.append(why)
        src.extend(e['src'])
        for k in ['release', 'tdp_w', 'bf16_tflops', 'fp16_tflops', 'tf32_tflops', 'fp32_tflops', 'fp8_tflops',
                  'memory_gb', 'die_mm2', 'process_nm']:
            v = vals.get(k)
            r[k] = v if k == 'release' and v else fmt(v) if v is not None else ''
        r['source'] = '; '.join(src)
        r['notes'] = ' '.join([e['notes']] + notes).strip()
        rows.append(r)
    write_csv('accelerators.csv', ACC_HEADER, rows)
    return rows


# ---------------------------------------------------------------------------
# 2. cpus.csv
# ---------------------------------------------------------------------------
CC_CPU = ("CodeCarbon (MIT), cpu_power.csv, snapshot 2026-08 "
          "[shared: codecarbon/hardware/cpu_power.csv]")


def build_cpus():
    with open(sp('codecarbon', 'hardware', 'cpu_power.csv'), encoding='utf-8-sig') as f:
        cc = list(csv.DictReader(f))
    ga = read_ga('TDP_cpu.csv')
    rows = {}   # key: lowercase name
    order = []
    for x in cc:
        name = x['Name'].strip()
        key = name.lower()
        tdp = x['TDP'].strip()
        ok = re.fullmatch(r'\d+(\.\d+)?', tdp) is not None
        src = CC_CPU + ("" if ok else f"; TDP cell malformed in source ('{tdp}'), left empty")
        if key in rows:   # case-only duplicate (e.g. 'i5-750S' / 'i5-750s')
            prev = rows[key]
            prev['source'] += f"; CodeCarbon also lists '{name}' (TDP {tdp})"
            continue
        rows[key] = {'name': name, 'tdp_w': fmt(tdp) if ok else '', 'cores': '', 'source': src}
        order.append(key)
    cc_keys = set(rows)
    for x in ga:
        model = x['model'].strip()
        if model == 'Any' or not x['TDP']:
            continue
        cands = [model, 'Intel ' + model, 'AMD ' + model, 'Intel Xeon ' + model.replace('Xeon ', ''),
                 model.replace('AMD ', 'AMD EPYC ')]
        hit = next((c.lower() for c in cands if c.lower() in cc_keys), None)
        ga_src = GA_CITE.format(f"TDP_cpu.csv row '{model}' (TDP {x['TDP']} W, {x['n_cores']} cores)", 'TDP_cpu.csv')
        if hit:
            r = rows[hit]
            r['cores'] = x['n_cores']
            if r['tdp_w'] and float(r['tdp_w']) != float(x['TDP']):
                r['source'] += f"; {ga_src}: cores; TDP differs (Green Algorithms {x['TDP']} W, CodeCarbon value kept)"
            else:
                r['source'] += f"; {ga_src}: cores"
                if not r['tdp_w']:
                    r['tdp_w'] = fmt(x['TDP'])
        else:
            key = model.lower()
            rows[key] = {'name': model, 'tdp_w': fmt(x['TDP']), 'cores': x['n_cores'], 'source': ga_src}
            order.append(key)
    # Core counts the two lists lack, from the host-node sources of nodes.csv
    # (NODES below): lca track divides a chip's TDP by its cores.
    for n in NODES:
        m = re.search(r'dual (\d+)-core ' + re.escape(n['cpu']), n['source'])
        r = rows.get(n['cpu'].lower())
        if m and r and not r['cores']:
            r['cores'] = m.group(1)
            r['source'] += f"; cores: {n['source']}"
    out = [rows[k] for k in order]
    write_csv('cpus.csv', ['name', 'tdp_w', 'cores', 'source'], out)
    return out


# ---------------------------------------------------------------------------
# 3. nodes.csv
# ---------------------------------------------------------------------------
NODES = [
    dict(family='v100', devices_per_node=8, cpu='Intel Xeon E5-2698 v4', cpu_sockets=2, memory_gb=512,
         source="NVIDIA DGX-1 with Tesla V100 datasheet (8x Tesla V100, dual 20-core Intel Xeon E5-2698 v4 2.2 GHz, "
                "512 GB 2133 MHz DDR4) as reproduced in Run:ai, 'NVIDIA DGX: Under the Hood of DGX-1, DGX-2 and A100' "
                "(run.ai/guides/nvidia-a100/nvidia-dgx); retrieved via search, not in shared data",
         notes="Typical node = NVIDIA DGX-1 (V100). cpu matches cpus.csv (CodeCarbon lists 135 W)."),
    dict(family='a100', devices_per_node=8, cpu='AMD EPYC 7742', cpu_sockets=2, memory_gb=1024,
         source="NVIDIA DGX A100 system specification (8x A100 SXM4, dual 64-core AMD EPYC 7742, 1 TB DDR4 upgradeable "
                "to 2 TB) as summarised in Microway, 'DGX A100 review: Throughput and Hardware Summary' (2020) and "
                "Hardware Times (2020); retrieved via search, not in shared data",
         notes="Typical node = NVIDIA DGX A100. Datasheet says '1 TB'; written as 1024 GB (binary TB, assumption). BLOOM's Jean Zay nodes instead had 512 GB with unnamed AMD CPUs (BLOOM model card)."),
    dict(family='h100', devices_per_node=8, cpu='Intel Xeon Platinum 8480+', cpu_sockets=2, memory_gb=2048,
         source="NVIDIA DGX H100/H200 host platform: dual Intel Xeon Platinum 8480C, 2 TB system memory (32 DIMMs), "
                "8 GPUs, as listed in NVIDIA's MLPerf Inference v4.1 system description "
                "mlcommons/inference_results_v4.1 closed/NVIDIA/systems/H200-SXM-141GBx8_TRT_MaxQ.json "
                "(2x 'Intel(R) Xeon(R) Platinum 8480C', host_memory_capacity '2 TB', 32x 64GB); retrieved via search, not in shared data",
         notes="Typical node = NVIDIA DGX H100. The DGX H100 datasheet itself was not retrieved; its CPU/memory are taken from NVIDIA's system description for the DGX-class H200 8-GPU system, which uses the same host. CPU is the 8480C, which is not in CodeCarbon's or Green Algorithms' lists; the nearest listed SKU 'Intel Xeon Platinum 8480+' (CodeCarbon 350 W) is used."),
    dict(family='h200', devices_per_node=8, cpu='Intel Xeon Platinum 8480+', cpu_sockets=2, memory_gb=2048,
         source="NVIDIA MLPerf Inference v4.1 system description mlcommons/inference_results_v4.1 "
                "closed/NVIDIA/systems/H200-SXM-141GBx8_TRT_MaxQ.json: 8x NVIDIA H200-SXM-141GB, 2x Intel(R) Xeon(R) "
                "Platinum 8480C, host memory 2 TB (32x 64GB); retrieved via search, not in shared data",
         notes="CPU is the 8480C, not in cpus.csv; nearest listed SKU 8480+ used (CodeCarbon 350 W)."),
]


def build_nodes(cpu_names):
    for n in NODES:
        assert n['cpu'] in cpu_names, n['cpu']
    write_csv('nodes.csv', ['family', 'devices_per_node', 'cpu', 'cpu_sockets', 'memory_gb', 'source', 'notes'], NODES)
    return NODES


# ---------------------------------------------------------------------------
# 4. grid_countries.csv  /  5. grid_zones.csv
# ---------------------------------------------------------------------------
EMBER = ("Ember yearly electricity data via CO2.js / The Green Web Foundation (CC BY-SA 4.0), "
         "average-intensities.json entry '{}' [shared: co2js/average-intensities.json]")
EM_YEAR = 2024
EMAPS = ("Electricity Maps yearly zone average {} (ODbL) via CO2.js (thegreenwebfoundation/co2.js "
         "data/output/electricity-maps/yearly_{}.json) [shared: co2js/electricity-maps/yearly_{}.json]")
EGRID = ("US EPA eGRID 2016 state output emission rate (lbs CO2/MWh, public domain) via CodeCarbon (MIT) "
         "usa_emissions.json [shared: codecarbon/private_infra/2016/usa_emissions.json]; "
         "converted x 0.45359237")


def iso_maps():
    m = json.load(open(sp('co2js', 'marginal-intensities-2021.json'), encoding='utf-8'))
    i3to2 = {v['country_code_iso_3']: v['country_code_iso_2'] for v in m.values()
             if v.get('country_code_iso_3') and v.get('country_code_iso_2')}
    # Not in the marginal-intensities file; ISO alpha-2 codes as used for these territories
    # by the Electricity Maps zone list (yearly_2024.json zones 'HK' Hong Kong, 'MO' Macao).
    i3to2.setdefault('HKG', 'HK')
    i3to2.setdefault('MAC', 'MO')
    # The marginal-intensities file maps CYM (Cayman Islands) to 'CY', which is Cyprus's code
    # (CYP -> CY in the same file); ISO 3166-1 alpha-2 for the Cayman Islands is 'KY'.
    if i3to2.get('CYM') == 'CY':
        i3to2['CYM'] = 'KY'
    return i3to2


def build_grid_countries():
    a = json.load(open(sp('co2js', 'average-intensities.json'), encoding='utf-8'))
    i3to2 = iso_maps()
    rows = []
    for k, v in a.items():
        c3 = v['country_code']
        if not c3 and k == 'World':
            # the world aggregate: lca's default grid when no region is given
            rows.append(dict(code='WORLD', iso3='', name='World', gco2_per_kwh=fmt(v['emissions_intensity_gco2_per_kwh']),
                             year=v['year'], method='lifecycle', source=EMBER.format(k) + "; world aggregate"))
            continue
        if not c3:
            continue   # other aggregates (EU, Africa, ...)
        rows.append(dict(code=i3to2[c3], iso3=c3, name=v['country_or_region'],
                         gco2_per_kwh=fmt(v['emissions_intensity_gco2_per_kwh']), year=v['year'],
                         method='lifecycle', source=EMBER.format(k) +
                         "; ISO alpha-2 from co2js/marginal-intensities-2021.json (GWF, CC BY-SA 4.0)" +
                         ("" if c3 not in ('HKG', 'MAC') else " (not listed there; alpha-2 as used by the Electricity Maps zone ids)") +
                         ("" if c3 != 'CYM' else " (that file gives 'CY', Cyprus's code; corrected to ISO 3166-1 'KY', the id Electricity Maps uses for the Cayman Islands zone)")))
    rows.sort(key=lambda r: r['code'])
    codes = [r['code'] for r in rows]
    assert len(codes) == len(set(codes))
    write_csv('grid_countries.csv', ['code', 'iso3', 'name', 'gco2_per_kwh', 'year', 'method', 'source'], rows)
    return rows


def build_grid_zones():
    em = json.load(open(sp('co2js', 'electricity-maps', f'yearly_{EM_YEAR}.json'), encoding='utf-8'))
    rows = []
    for z, v in sorted(em.items()):
        ci = v['carbonIntensity']
        assert ci['unit'] == 'gCO2eq/kWh'
        rows.append(dict(zone=z, name=v['zone']['zoneName'], country=z.split('-')[0],
                         gco2_per_kwh=fmt(ci['value']), year=EM_YEAR, method='lifecycle',
                         source=EMAPS.format(EM_YEAR, EM_YEAR, EM_YEAR)))
    us = json.load(open(sp('codecarbon', 'private_infra', '2016', 'usa_emissions.json'), encoding='utf-8'))
    us = {k: v for k, v in us.items() if not k.startswith('_')}   # '_unit' metadata entry
    for state, v in sorted(us.items(), key=lambda kv: kv[1]['regionCode']):
        rows.append(dict(zone='US-STATE-' + v['regionCode'], name=state.title(), country='US',
                         gco2_per_kwh=fmt(float(v['emissions']) * LB_PER_MWH_TO_G_PER_KWH, 2), year=2016, method='direct',
                         source=EGRID + f" from {v['emissions']} lbs/MWh (key '{state}')"))
    zones = [r['zone'] for r in rows]
    assert len(zones) == len(set(zones))
    write_csv('grid_zones.csv', ['zone', 'name', 'country', 'gco2_per_kwh', 'year', 'method', 'source'], rows)
    return rows


# ---------------------------------------------------------------------------
# 6. cloud_regions.csv
# ---------------------------------------------------------------------------
# Electricity Maps zone for each region, judged from the location the sources give
# (city / state).  Empty where the supplying grid operator is not clear from the location.
ZONE = {
    ('aws', 'us-east-1'): 'US-MIDA-PJM', ('aws', 'us-east-2'): 'US-MIDA-PJM', ('aws', 'us-west-1'): 'US-CAL-CISO',
    ('aws', 'us-west-2'): 'US-NW-BPAT', ('aws', 'ca-central-1'): 'CA-QC', ('aws', 'eu-north-1'): 'SE-SE3',
    ('aws', 'eu-west-1'): 'IE', ('aws', 'eu-west-2'): 'GB', ('aws', 'eu-west-3'): 'FR', ('aws', 'eu-central-1'): 'DE',
    ('aws', 'eu-south-1'): 'IT-NO', ('aws', 'af-south-1'): 'ZA', ('aws', 'ap-northeast-1'): 'JP-TK',
    ('aws', 'ap-northeast-2'): 'KR', ('aws', 'ap-northeast-3'): 'JP-KN', ('aws', 'ap-southeast-1'): 'SG',
    ('aws', 'ap-southeast-2'): 'AU-NSW', ('aws', 'ap-east-1'): 'HK', ('aws', 'ap-south-1'): 'IN-WE',
    ('aws', 'sa-east-1'): 'BR-CS', ('aws', 'me-south-1'): 'BH', ('aws', 'cn-north-1'): 'CN', ('aws', 'cn-northwest-1'): 'CN',
    ('gcp', 'africa-south1'): 'ZA', ('gcp', 'asia-east1'): 'TW', ('gcp', 'asia-east2'): 'HK', ('gcp', 'asia-northeast1'): 'JP-TK',
    ('gcp', 'asia-northeast2'): 'JP-KN', ('gcp', 'asia-northeast3'): 'KR', ('gcp', 'asia-south1'): 'IN-WE',
    ('gcp', 'asia-south2'): 'IN-NO', ('gcp', 'asia-southeast1'): 'SG', ('gcp', 'asia-southeast2'): 'ID',
    ('gcp', 'australia-southeast1'): 'AU-NSW', ('gcp', 'australia-southeast2'): 'AU-VIC', ('gcp', 'europe-central2'): 'PL',
    ('gcp', 'europe-north1'): 'FI', ('gcp', 'europe-southwest1'): 'ES', ('gcp', 'europe-west1'): 'BE',
    ('gcp', 'europe-west2'): 'GB', ('gcp', 'europe-west3'): 'DE', ('gcp', 'europe-west4'): 'NL', ('gcp', 'europe-west6'): 'CH',
    ('gcp', 'europe-west8'): 'IT-NO', ('gcp', 'europe-west9'): 'FR', ('gcp', 'europe-west10'): 'DE',
    ('gcp', 'europe-west12'): 'IT-NO', ('gcp', 'me-central1'): 'QA', ('gcp', 'me-central2'): 'SA', ('gcp', 'me-west1'): 'IL',
    ('gcp', 'northamerica-northeast1'): 'CA-QC', ('gcp', 'northamerica-northeast2'): 'CA-ON',
    ('gcp', 'southamerica-east1'): 'BR-CS', ('gcp', 'southamerica-west1'): 'CL-SEN', ('gcp', 'us-central1'): 'US-MIDW-MISO',
    ('gcp', 'us-east4'): 'US-MIDA-PJM', ('gcp', 'us-east5'): 'US-MIDA-PJM', ('gcp', 'us-south1'): 'US-TEX-ERCO',
    ('gcp', 'us-west1'): 'US-NW-BPAT', ('gcp', 'us-west3'): 'US-NW-PACE', ('gcp', 'us-west4'): 'US-NW-NEVP',
    ('azure', 'eastasia'): 'HK', ('azure', 'southeastasia'): 'SG', ('azure', 'centralus'): 'US-MIDW-MISO',
    ('azure', 'eastus'): 'US-MIDA-PJM', ('azure', 'eastus2'): 'US-MIDA-PJM', ('azure', 'westus'): 'US-CAL-CISO',
    ('azure', 'northcentralus'): 'US-MIDA-PJM', ('azure', 'southcentralus'): 'US-TEX-ERCO', ('azure', 'northeurope'): 'IE',
    ('azure', 'westeurope'): 'NL', ('azure', 'japanwest'): 'JP-KN', ('azure', 'japaneast'): 'JP-TK',
    ('azure', 'brazilsouth'): 'BR-CS', ('azure', 'australiaeast'): 'AU-NSW', ('azure', 'australiasoutheast'): 'AU-VIC',
    ('azure', 'australiacentral'): 'AU-NSW', ('azure', 'australiacentral2'): 'AU-NSW',
    ('azure', 'southindia'): 'IN-SO', ('azure', 'centralindia'): 'IN-WE', ('azure', 'westindia'): 'IN-WE',
    ('azure', 'canadacentral'): 'CA-ON', ('azure', 'canadaeast'): 'CA-QC', ('azure', 'uksouth'): 'GB', ('azure', 'ukwest'): 'GB',
    ('azure', 'westus2'): 'US-NW-GCPD', ('azure', 'koreacentral'): 'KR', ('azure', 'koreasouth'): 'KR',
    ('azure', 'francecentral'): 'FR', ('azure', 'francesouth'): 'FR', ('azure', 'southafricanorth'): 'ZA',
    ('azure', 'southafricawest'): 'ZA', ('azure', 'chinaeast'): 'CN', ('azure', 'chinaeast2'): 'CN',
    ('azure', 'chinanorth'): 'CN', ('azure', 'chinanorth2'): 'CN', ('azure', 'germanycentral'): 'DE',
    ('azure', 'germanynorth'): 'DE', ('azure', 'germanynortheast'): 'DE', ('azure', 'germanywestcentral'): 'DE',
    ('azure', 'israelcentral'): 'IL', ('azure', 'italynorth'): 'IT-NO', ('azure', 'mexicocentral'): 'MX',
    ('azure', 'newzealandnorth'): 'NZ', ('azure', 'norwayeast'): 'NO-NO1', ('azure', 'norwaywest'): 'NO-NO2',
    ('azure', 'polandcentral'): 'PL', ('azure', 'qatarcentral'): 'QA', ('azure', 'spaincentral'): 'ES',
    ('azure', 'switzerlandnorth'): 'CH', ('azure', 'switzerlandwest'): 'CH', ('azure', 'uaecentral'): 'AE',
    ('azure', 'uaenorth'): 'AE',
    ('ovh', 'gra'): 'FR', ('ovh', 'bhs'): 'CA-QC',
    ('coreweave', 'LGA1'): 'US-MIDA-PJM', ('coreweave', 'ORD1'): 'US-MIDA-PJM', ('coreweave', 'LAS1'): 'US-NW-NEVP',
    ('seeweb', 'fro2'): 'IT-CSO',
}
COUNTRY2 = {'Taiwan': 'TW', 'China': 'CN', 'Japan': 'JP', 'India': 'IN', 'Singapore': 'SG', 'Australia': 'AU',
            'Finland': 'FI', 'Belgium': 'BE', 'United Kingdom': 'GB', 'Germany': 'DE', 'Netherlands': 'NL',
            'Switzerland': 'CH', 'Canada': 'CA', 'Brazil': 'BR', 'USA': 'US', 'South Korea': 'KR', 'Ireland': 'IE',
            'France': 'FR', 'Sweden': 'SE', 'Hong Kong': 'HK', 'South Africa': 'ZA', 'Italy': 'IT'}
AWS_COUNTRY = {'us': 'US', 'ca': 'CA', 'eu-north-1': 'SE', 'eu-west-1': 'IE', 'eu-west-2': 'GB', 'eu-west-3': 'FR',
               'eu-central-1': 'DE', 'eu-south-1': 'IT', 'af-south-1': 'ZA', 'ap-northeast-1': 'JP', 'ap-northeast-2': 'KR',
               'ap-northeast-3': 'JP', 'ap-southeast-1': 'SG', 'ap-southeast-2': 'AU', 'ap-east-1': 'HK',
               'ap-south-1': 'IN', 'sa-east-1': 'BR', 'me-south-1': 'BH', 'cn-north-1': 'CN', 'cn-northwest-1': 'CN'}


def year_from_text(t):
    t = t or ''
    m = re.search(r'[Dd]ata from (?:[A-Za-z]+ )?(\d{4})', t)
    if m:
        return m.group(1)
    m = re.search(r'measured on\s+\w+ \d+, (\d{4})', t)
    if m:
        return m.group(1)
    if 'carbonfootprint.com/docs/2018' in t:
        return '2018'
    return ''


def build_cloud_regions(zone_ids):
    i3to2 = iso_maps()
    with open(sp('mlco2-impact', 'impact.csv'), encoding='utf-8') as f:
        ml = list(csv.DictReader(f))
    with open(sp('codecarbon', 'cloud', 'impact.csv'), encoding='utf-8-sig') as f:
        cc = list(csv.DictReader(f))
    ga = read_ga('cloudProviders_datacenters.csv')
    ci = {r['location']: r for r in read_ga('CI_aggregated.csv')}
    azure_ids = set(json.load(open(sp('gsf-carbon-aware-sdk', 'azure-regions.json'), encoding='utf-8')))
    aws_gsf = json.load(open(sp('gsf-carbon-aware-sdk', 'aws-regions.json'), encoding='latin-1'))

    regions = {}   # (provider, region) -> dict of candidate info

    def slot(p, r):
        return regions.setdefault((p, r), dict(cands=[], name='', location='', country='', pue='', pue_src=''))

    for x in ml:
        if not x['region']:
            continue   # Scaleway row has no region id
        s = slot(x['provider'], x['region'])
        yr = '2016' if x['source'].startswith('eGRID') else year_from_text(x['source'] + ' ' + x['comment'])
        s['cands'].append(dict(kind='mlco2', value=x['impact'], year=yr,
                               cite=MLCO2_CITE.format(f"impact.csv row {x['provider']}/{x['region']} "
                                                      f"({x['impact']} g/kWh; upstream: {x['source'] or 'not stated'}"
                                                      f"{'; ' + x['comment'] if x['comment'] else ''})", 'impact.csv')))
        s['name'] = s['name'] or x['regionName']
        loc = ', '.join(v for v in [x['city'].strip().rstrip(','), x['state'], x['country']] if v)
        s['location'] = s['location'] or loc
        c = x['country']
        s['country'] = s['country'] or ('HK' if 'Hong Kong' in (x['city'] + c) else COUNTRY2.get(c, ''))
        if x['PUE']:
            s['pue'], s['pue_src'] = x['PUE'], MLCO2_CITE.format(f"impact.csv PUE column ({x['PUE']}; {x['PUE source']})", 'impact.csv')
    for x in cc:
        reg = x['region']
        fixed = 'me-central1' if reg == 'me-cenrtal1' else reg
        s = slot(x['provider'], fixed)
        s['cands'].insert(0, dict(kind='codecarbon', value=x['impact'], year='2023',
                                  cite=("CodeCarbon (MIT) cloud/impact.csv row " + reg + f" ({x['impact']} g/kWh, "
                                        "Google Cloud region-carbon data; values equal GoogleCloudPlatform/region-carbon-info "
                                        "data/yearly/2023.csv) [shared: codecarbon/cloud/impact.csv]" +
                                        ("; region id spelled 'me-cenrtal1' in the source" if reg != fixed else ""))))
        loc = ', '.join(v for v in [x['city'], x['state'], x['country_name']] if v)
        s['location'] = loc or s['location']
        s['country'] = 'HK' if x['city'] == 'Hong Kong' else i3to2.get(x['countryIsoCode'], s['country'])
    for x in ga:
        p = x['provider']
        if p == 'azure':
            rid = re.sub(r'\s*\((Public|Sovereign)\)', '', x['Name']).replace('Northeastt', 'Northeast')
            rid = rid.lower().replace(' ', '')
        else:
            rid = x['Name']
        s = slot(p, rid)
        loc_code = x['location']
        s['ga_list'] = GA_CITE.format(f"cloudProviders_datacenters.csv row {p}/'{x['Name']}' (location code "
                                      f"'{loc_code or 'empty'}'; no intensity)", 'cloudProviders_datacenters.csv')
        c = ci.get(loc_code)
        if c:
            yr = year_from_text(c['source'] + ' ' + c['comments'])
            s['cands'].append(dict(kind='ga', value=c['carbonIntensity'], year=yr,
                                   cite=GA_CITE.format(f"cloudProviders_datacenters.csv row {p}/'{x['Name']}' -> location "
                                                       f"{loc_code} -> CI_aggregated.csv {c['carbonIntensity']} g/kWh "
                                                       f"({c['source']})", 'cloudProviders_datacenters.csv, CI_aggregated.csv')))
        if p == 'azure' and not s['name']:
            s['name'] = re.sub(r'\s*\((Public|Sovereign)\)', '', x['Name']).replace('Northeastt', 'Northeast')
        s['location'] = s['location'] or x['location_freeForm'].strip()
        if not s['country'] and loc_code:
            s['country'] = 'HK' if loc_code == 'CN-HK' else loc_code.split('-')[0]
        if x['PUE']:
            s['pue'], s['pue_src'] = x['PUE'], GA_CITE.format(
                f"cloudProviders_datacenters.csv PUE column ({x['PUE']}; {x['source_PUE']})", 'cloudProviders_datacenters.csv')
        if p == 'azure' and rid not in azure_ids:
            s['azure_note'] = f"region id '{rid}' derived from the Green Algorithms display name '{x['Name']}' (not in the GSF Azure region list)"
    for x in aws_gsf:
        s = slot('aws', x['code'])
        s['name'] = s['name'] or x['full_name']
        s['gsf'] = ("Green Software Foundation Carbon Aware SDK (MIT) aws-regions.json entry "
                    f"'{x['code']}' ('{x['full_name']}') [shared: gsf-carbon-aware-sdk/aws-regions.json]")
        if not s['location']:
            s['location'] = x['name']

    PROV_ORDER = {'aws': 0, 'gcp': 1, 'azure': 2}
    out = []
    for (p, r), s in sorted(regions.items(), key=lambda kv: (PROV_ORDER.get(kv[0][0], 9), kv[0][0], kv[0][1])):
        cands = s['cands']
        # most recent first; ties keep insertion order (codecarbon > mlco2 > green algorithms for GCP)
        best = None
        if cands:
            # most recent figure year first; without a year, rank by how recent the compilation is
            # (CodeCarbon/Google 2023 > Green Algorithms 2022 compilation > ML CO2 Impact 2019-2021)
            rank = {'codecarbon': 3, 'ga': 2, 'mlco2': 1}
            best = sorted(cands, key=lambda c: (-(int(c['year']) if c['year'] else 0), -rank[c['kind']]))[0]
        srcs = []
        if best:
            srcs.append(best['cite'] + (f" (figure year {best['year']})" if best['year'] else " (figure year not stated)"))
            others = [c for c in cands if c is not best]
            if others:
                srcs.append("other sources: " + ' | '.join(c['cite'] + (f" (year {c['year']})" if c['year'] else '') for c in others))
        if s.get('gsf'):
            srcs.append(("region name: " if best else "region listed by ") + s['gsf'] + ("" if best else "; no intensity in any shared source"))
        if not best and not s.get('gsf') and s.get('ga_list'):
            srcs.append("region listed by " + s['ga_list'])
        if s.get('azure_note'):
            srcs.append(s['azure_note'])
        zone = ZONE.get((p, r), '')
        if zone and zone not in zone_ids:
            zone = ''
        if zone:
            srcs.append("zone: mapped from the stated location to the Electricity Maps zone containing it (see README)")
        if s['pue']:
            srcs.append("PUE: " + s['pue_src'])
        country = s['country']
        if not country and p == 'aws':
            country = AWS_COUNTRY.get(r, AWS_COUNTRY.get(r.split('-')[0], ''))
        if not country and zone:
            country = zone.split('-')[0]
        out.append(dict(provider=p, region=r, name=s['name'], location=s['location'], country=country, zone=zone,
                        gco2_per_kwh=fmt(best['value']) if best else '', year=best['year'] if best else '',
                        pue=fmt(s['pue']) if s['pue'] else '', source='; '.join(srcs)))
    write_csv('cloud_regions.csv', ['provider', 'region', 'name', 'location', 'country', 'zone', 'gco2_per_kwh', 'year',
                                    'pue', 'source'], out)
    return out


# ---------------------------------------------------------------------------
# 7. pue.csv
# ---------------------------------------------------------------------------
PUEMD = "pue/PUE.md (shared: pue/PUE.md)"
GA_PUE = GA_CITE.format("defaults_PUE.csv", 'defaults_PUE.csv')
PUE = [
    dict(scope='provider', name='gcp', pue='1.1', year=2023,
         source="Google 2024 Environmental Report (fleet annual average 1.10 for 2023, vs industry 1.58), as quoted in " + PUEMD +
                "; alternatives: Google fleet 1.10 in Q2 2021 (CNBC 2022, PUE.md); Green Algorithms defaults_PUE.csv gcp 1.12 (" + GA_PUE + ")"),
    dict(scope='provider', name='aws', pue='1.14', year=2025,
         source="Amazon sustainability page sustainability.aboutamazon.com/environment/the-cloud (global PUE 1.14), as quoted in " + PUEMD +
                "; alternatives: AWS global 1.15 for 2023 and 2024 (DatacenterDynamics; aws.amazon.com/sustainability/data-centers, PUE.md); Green Algorithms defaults_PUE.csv aws 1.2 (" + GA_PUE + ")"),
    dict(scope='provider', name='azure', pue='1.18', year=2024,
         source="Microsoft global portfolio PUE 1.18 (newest facilities ~1.12), DatacenterDynamics 2024, as quoted in " + PUEMD +
                " (PUE.md dates it 2023-2024); alternative: Green Algorithms defaults_PUE.csv azure 1.12 (" + GA_PUE + ")"),
    dict(scope='provider', name='meta', pue='1.08', year=2023,
         source="Meta 2024 sustainability report (PUE 1.08 in 2023) as reported by hyperscalers.news, quoted in " + PUEMD +
                "; alternative: 1.09 for buildings completed 2021 (sustainability.fb.com, PUE.md)"),
    dict(scope='provider', name='oracle', pue='1.15', year=2024,
         source="Oracle PUE 'as low as' 1.15 (DatacenterDynamics 2024), quoted in " + PUEMD +
                " - a best-case figure, not a fleet average; alternative: Green Algorithms defaults_PUE.csv Oracle 1.2 (" + GA_PUE + ")"),
    dict(scope='provider', name='ovh', pue='1.09', year=2023,
         source="Green Algorithms defaults_PUE.csv row 'OVHcloud' 1.09 citing nutanix.dev (2023-05-04) (" + GA_PUE +
                "); year = publication year of the cited page"),
    dict(scope='provider', name='equinix', pue='1.42', year=2023,
         source="Equinix colocation fleet PUE 1.42 (2023; 1.46 in 2022), Statista entry via Google Dataset Search, quoted in " + PUEMD),
    dict(scope='industry', name='industry', pue='1.56', year=2024,
         source="Uptime Institute Global Data Center Survey 2024 (average PUE 1.56), cited in Green Algorithms defaults_PUE.csv row 'Unknown' (" +
                GA_PUE + ") and " + PUEMD + "; alternatives: 1.58 (2023), 1.57 (2021) (Uptime Intelligence, PUE.md); 1.58 used by Strubell et al. 2019 (claims/published_claims.json)"),
    dict(scope='site', name='jean-zay', pue='1.2', year=2022,
         source="Luccioni, Viguier, Ligozat, Estimating the Carbon Footprint of BLOOM (JMLR 2023), Jean Zay (IDRIS) PUE 1.2, as recorded in "
                "claims/published_claims.json notes (bloom-total, luccioni-t4-bloom) [shared: claims/published_claims.json]; year = BLOOM training year"),
    dict(scope='site', name='google-council-bluffs', pue='1.11', year=2021,
         source="Patterson et al. 2021, Carbon Emissions and Large Neural Network Training (arXiv:2104.10350) Table 1, datacenter Google Iowa "
                "Council Bluffs PUE 1.11, as recorded in claims/published_claims.json (patterson21-t1-2..5) [shared: claims/published_claims.json]; year = publication year"),
]


def build_pue():
    write_csv('pue.csv', ['scope', 'name', 'pue', 'year', 'source'], PUE)
    return PUE


# ---------------------------------------------------------------------------
# 8. embodied.csv
# ---------------------------------------------------------------------------
LUCCIONI = ("Luccioni, Viguier, Ligozat, Estimating the Carbon Footprint of BLOOM (JMLR 24(253), 2023), Section 4.1, "
            "as recorded in claims/published_claims.json 'bloom-embodied' notes [shared: claims/published_claims.json]")
LLMC = ("Faiz et al., LLMCarbon (ICLR 2024), SotaroKaneda/MLCarbon data/hardware.csv (Apache-2.0) row '{}' "
        "[shared: mlcarbon-llmcarbon/hardware.csv]")
BOAV = ("Boavizta, environmental-footprint-data (ODbL 1.0 / DbCL), boavizta-data-us.csv row '{} {}' "
        "(gwp_total {} kgCO2e x gwp_manufacturing_ratio {}); manufacturer PCF: {} "
        "[shared: boavizta-environmental-footprint-data/boavizta-data-us.csv]")


def slug(s):
    return re.sub(r'[^a-z0-9]+', '-', s.lower()).strip('-')


def build_embodied():
    hw = {r['hardware']: r for r in csv.DictReader(open(sp('mlcarbon-llmcarbon', 'hardware.csv'), encoding='utf-8'))}
    rows = []
    rows.append(dict(kind='device', name='a100', value='150', unit='kgco2e', source=LUCCIONI,
                     notes="Lower-bound manufacturing estimate per NVIDIA A100 GPU used for BLOOM (Jean Zay)."))
    rows.append(dict(kind='server', name='default', value='2500', unit='kgco2e', source=LUCCIONI,
                     notes="Per-server manufacturing footprint, GPUs excluded; proxy HPE ProLiant DL345 Gen10 Plus. Boavizta's HPE PCF for that server gives 8370 x 0.299 = 2502.6 kgCO2e (row hp-proliant-dl345-gen10-plus)."))
    with open(sp('boavizta-environmental-footprint-data', 'boavizta-data-us.csv'), encoding='utf-8') as f:
        bz = [r for r in csv.DictReader(f) if r['subcategory'] == 'Server']
    seen = set()
    skipped = []
    for r in bz:
        if not r['gwp_total'] or not r['gwp_manufacturing_ratio']:
            skipped.append(f"{r['manufacturer']} {r['name']}")
            continue
        name = r['name'].strip()
        note = ''
        if r['manufacturer'] == 'HP' and name.endswith('4'):
            name = re.sub(r'\s*(server)?4$', '', name)
            note = " Trailing footnote marker ('4' / 'server4') in the source name dropped."
        sl = slug(r['manufacturer'] + ' ' + name)
        assert sl not in seen, sl
        seen.add(sl)
        val = float(r['gwp_total']) * float(r['gwp_manufacturing_ratio'])
        rows.append(dict(kind='server', name=sl, value=fmt(val, 1), unit='kgco2e',
                         source=BOAV.format(r['manufacturer'], r['name'], r['gwp_total'], r['gwp_manufacturing_ratio'],
                                            r['sources'].split()[0] if r['sources'] else 'not given'),
                         notes=(f"Manufacturing share of the manufacturer's life-cycle PCF (report {r['report_date'] or 'date not given'}; "
                                f"use location {r['use_location'] or 'n/a'}, lifetime {r['lifetime'] or 'n/a'} y). Boavizta warns of large error margins"
                                f"{' (gwp_error_ratio ' + r['gwp_error_ratio'] + ')' if r['gwp_error_ratio'] else ''}; order of magnitude only." + note)))
    rows.append(dict(kind='lifetime', name='per-device', value='6', unit='years', source=LUCCIONI,
                     notes="Replacement period used by Luccioni et al. to amortise server and GPU embodied emissions."))
    rows.append(dict(kind='lifetime', name='die-area', value='5', unit='years',
                     source="Faiz et al., LLMCarbon (ICLR 2024), repo code amortises unit*CPA*num*execution_time/lifespan with a 5-year lifespan, as described in mlcarbon-llmcarbon/PROVENANCE.md [shared: mlcarbon-llmcarbon/]",
                     notes="Lifetime to use with the die-area (cpa/die/memory/storage) method."))
    rows.append(dict(kind='utilization', name='per-device', value='0.85', unit='fraction', source=LUCCIONI,
                     notes="IDRIS average usage of Jean Zay hardware (85%), used to spread embodied emissions over used hours."))
    cpa = {}
    for k, r in hw.items():
        m = re.search(r'(\d+)\s*nm', r['description'])
        if k in ('CPU', 'TPUv3', 'TPUv4', 'V100', 'H100', 'others') and m:
            cpa.setdefault(m.group(1), []).append((k, r))
    for node in sorted(cpa, key=lambda n: -int(n)):
        vals = {r['CPA (kgCO2/cm2 or GB)'] for _, r in cpa[node]}
        assert len(vals) == 1, (node, vals)
        used = ', '.join(f"'{k}' ({r['description']})" for k, r in cpa[node])
        rows.append(dict(kind='cpa', name=node, value=fmt(vals.pop()), unit='kgco2e/cm2',
                         source=LLMC.format(cpa[node][0][0]) + f"; same value in rows {used}",
                         notes="Carbon per area of logic die at this node. LLMCarbon gives only 16, 12, 7 and 4 nm; no 5 nm (or other) value."))
    rows.append(dict(kind='memory', name='dram', value=fmt(hw['DRAM']['CPA (kgCO2/cm2 or GB)']), unit='kgco2e/gb',
                     source=LLMC.format('DRAM'), notes=f"{hw['DRAM']['description']}; per GB of capacity."))
    rows.append(dict(kind='storage', name='ssd', value=fmt(hw['SSD']['CPA (kgCO2/cm2 or GB)']), unit='kgco2e/gb',
                     source=LLMC.format('SSD'),
                     notes=f"{hw['SSD']['description']}; per GB. The repo's CO2e_chip cell prints 576 for 32768 GB, but 32768 x 0.018 = 589.8 (noted in claims/PROVENANCE.md)."))
    for k, name in [('V100', 'v100'), ('H100', 'h100'), ('TPUv3', 'tpu-v3'), ('TPUv4', 'tpu-v4')]:
        rows.append(dict(kind='die', name=name, value=fmt(hw[k]['unit (cm2 or GB)']), unit='cm2', source=LLMC.format(k),
                         notes=f"Die area LLMCarbon uses for {k} ({hw[k]['description']}); Epoch's die_mm2 in accelerators.csv may differ."))
    write_csv('embodied.csv', ['kind', 'name', 'value', 'unit', 'source', 'notes'], rows)
    return rows, skipped


# ---------------------------------------------------------------------------
# 9. copies
# ---------------------------------------------------------------------------
def copy_files():
    shutil.copyfile(sp('training-runs', 'training_runs.csv'), os.path.join(DATASETS, 'training_runs.csv'))
    shutil.copyfile(sp('training-runs', 'PROVENANCE.md'), os.path.join(DATASETS, 'training_runs.PROVENANCE.md'))
    os.makedirs(os.path.join(DATASETS, 'claims'), exist_ok=True)
    copy_claims()


def copy_claims():
    """The shared claims plus lca's additions (tools/claims_additions.json: fields
    set per claim id, documented in tools/claims_additions.md, which is appended to
    the provenance). A 'region' goes after the claim's grid figure."""
    tools = os.path.dirname(os.path.abspath(__file__))
    with open(sp('claims', 'published_claims.json'), encoding='utf-8') as f:
        claims = json.load(f)
    with open(os.path.join(tools, 'claims_additions.json'), encoding='utf-8') as f:
        adds = json.load(f)
    known = {c['id'] for c in claims}
    for cid in adds:
        if cid not in known:
            sys.exit(f"claims_additions.json: no claim '{cid}' in the shared claims")
    out = []
    for c in claims:
        extra = adds.get(c['id'], {})
        row = {}
        for k, v in c.items():
            row[k] = extra.get(k, v)
            if k == 'grid_gco2_per_kwh' and 'region' in extra:
                row['region'] = extra['region']
        for k, v in extra.items():
            row.setdefault(k, v)
        out.append(row)
    with open(os.path.join(DATASETS, 'claims', 'published_claims.json'), 'w', encoding='utf-8') as f:
        f.write(json.dumps(out, indent=1, ensure_ascii=False) + "\n")
    with open(sp('claims', 'PROVENANCE.md'), encoding='utf-8') as f:
        prov = f.read()
    with open(os.path.join(tools, 'claims_additions.md'), encoding='utf-8') as f:
        prov += "\n" + f.read() if not prov.endswith("\n") else f.read()
    with open(os.path.join(DATASETS, 'claims', 'PROVENANCE.md'), 'w', encoding='utf-8') as f:
        f.write(prov)


def main():
    if not os.path.isdir(SHARED):
        sys.exit(f"shared data folder not found: {SHARED}")
    acc_rows = build_accelerators()
    cpus = build_cpus()
    build_nodes({c['name'] for c in cpus})
    build_grid_countries()
    zones = build_grid_zones()
    build_cloud_regions({z['zone'] for z in zones})
    build_pue()
    _, skipped = build_embodied()
    copy_files()
    print(f"accelerators: {len(acc_rows)}; cpus: {len(cpus)}; boavizta servers skipped (no manufacturing ratio): {len(skipped)}")


if __name__ == '__main__':
    main()
