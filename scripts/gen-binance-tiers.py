#!/usr/bin/env python3
"""Print Rust rows for src/engine/data.rs from the Binance USDⓈ-M tier dump.

Usage: scripts/gen-binance-tiers.py ../shared/reference/binance-usdm-leverage-tiers-2024-10.json BTC ETH SOL
Each row: (floor, cap, maintenance rate, maintenance amount `cum`, max leverage), copied as the
exact strings of the dump's `info` block, so no float rounding enters the table.
"""
import json
import sys

path, *coins = sys.argv[1:]
data = json.load(open(path))
for coin in coins:
    rows = data[f"{coin}/USDT:USDT"]
    print(f"pub const BINANCE_USDM_{coin}USDT: &[Row] = &[")
    for r in rows:
        i = r["info"]
        cum = i["cum"].rstrip("0").rstrip(".") if "." in i["cum"] else i["cum"]
        print(f'    ("{i["notionalFloor"]}", "{i["notionalCap"]}", "{i["maintMarginRatio"]}", "{cum}", "{i["initialLeverage"]}"),')
    print("];")
