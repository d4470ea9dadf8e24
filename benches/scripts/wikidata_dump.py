#!/usr/bin/env python3
# A Wikidata-dump-style file for the memory row of docs/performance.md ("Paged text"), until the
# importers' own dump generator lands: one item a line inside [ ], 30 statements each (24 item
# links, 6 strings), English labels; deterministic (seed 7).
#   python3 benches/scripts/wikidata_dump.py 1000000000 /tmp/1g.wd.json
import random, sys
random.seed(7)
target = int(sys.argv[1])
out = open(sys.argv[2], 'w')
out.write('[\n')
n = 0; size = 2
while size < target:
    n += 1
    claims = {}
    for k in range(30):
        p = 'P%d' % random.choice([31, 17, 131, 279, 361, 527, 1344, 106, 27, 19, 20, 69, 108, 463])
        if k % 5 == 4:
            snak = {"snaktype":"value","property":p,"datavalue":{"type":"string","value":"text value %d" % random.randrange(10**6)},"datatype":"string"}
        else:
            snak = {"snaktype":"value","property":p,"datavalue":{"type":"wikibase-entityid","value":{"entity-type":"item","numeric-id":random.randrange(1, 200000),"id":"Q%d" % random.randrange(1,200000)}},"datatype":"wikibase-item"}
        claims.setdefault(p, []).append({"mainsnak":snak,"type":"statement","id":"Q%d$%08X-%04X" % (n, random.getrandbits(32), k),"rank":"normal"})
    item = {"type":"item","id":"Q%d" % n,"labels":{"en":{"language":"en","value":"Item number %d" % n}},"descriptions":{"en":{"language":"en","value":"a generated item"}},"aliases":{},"claims":claims,"sitelinks":{}}
    import json
    line = json.dumps(item, separators=(',', ':')) + ',\n'
    out.write(line); size += len(line)
out.write('{"type":"item","id":"Q0","labels":{},"descriptions":{},"aliases":{},"claims":{},"sitelinks":{}}\n]\n')
print(n, size)
