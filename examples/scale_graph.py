#!/usr/bin/env python3
"""Writes a synthetic 1M-entity kgx graph with hub companies: python3 examples/scale_graph.py OUT.json"""
import json, random, sys
random.seed(7)
NC, NCL, ND, NCH = 200_000, 20_000, 400_000, 380_000
out = open(sys.argv[1], "w")
out.write('{"title":"scale","entities":[\n')
first = True
def ent(d):
    global first
    out.write(("" if first else ",\n") + json.dumps(d, separators=(",", ":")))
    first = False
for i in range(NC): ent({"id": f"c{i}", "kind": "company", "name": f"Company {i}"})
for i in range(NCL): ent({"id": f"cl{i}", "kind": "cloud", "name": f"Cloud {i}"})
for i in range(NCH): ent({"id": f"ch{i}", "kind": "chip", "name": f"Chip {i}"})
for i in range(ND):
    y = 2015 + i % 12
    ent({"id": f"d{i}", "kind": "deal", "name": f"Deal {i}",
         "attrs": {"amount_usd": (i % 97 + 1) * 1_000_000, "date": f"{y}-{i%12+1:02d}-{i%28+1:02d}",
                   "status": ["signed", "completed", "talks"][i % 3]}})
out.write('\n],"relations":[\n')
first = True
def rel(a, b, t):
    global first
    out.write(("" if first else ",\n") + json.dumps({"from": a, "to": b, "type": t}, separators=(",", ":")))
    first = False
def company():
    # hubs: companies 0..9 take ~30% of deal roles
    return f"c{random.randrange(10)}" if random.random() < 0.3 else f"c{random.randrange(NC)}"
for i in range(NCL): rel(f"c{i*7}", f"cl{i}", "operates")
for i in range(NCH): rel(company(), f"ch{i}", "designs")
for i in range(ND):
    if i % 2 == 0:
        rel(company(), f"d{i}", "investor"); rel(company(), f"d{i}", "investee")
    else:
        rel(company(), f"d{i}", "customer"); rel(f"cl{random.randrange(NCL)}", f"d{i}", "provider")
        rel(f"d{i}", f"ch{random.randrange(NCH)}", "covers")
out.write('\n]}\n')
