# SPDX-License-Identifier: GPL-2.0
#
# The SYN proxy's rows of the bench report (tests/bench/report.py), from
# the samples tests/bench/guest-synproxy.sh wrote:
#   round,id,syn,replies_per_s,ns_per_syn_med,pps_med,packets,tx,conntrack,synrecv
# replies_per_s: replies counted (b0's tx) over the whole timed time;
# ns_per_syn_med and pps_med: from the median batch.
#
# In the table, a row's median is its replies a second from the median
# batch (as every packet row's), and its ratio, per round, to the
# baseline's (sp-rst: a closed port, answered with RSTs); the memory
# column has the rate counted over the whole time, and the conntrack
# entries and SYN-RECV sockets after the flood (the most of any round).

import statistics

BASELINE = 'sp-rst'
TITLES = {
    'synproxy': 'SYN proxy: a spoofed SYN flood to port 80 through the whole receive path '
                '(median: replies/s, median batch; ns/pkt: ns per SYN; ratio: to the RST baseline)',
}


def samples(raw):
    """The SYN rows' samples: {round: {id: sample}}."""
    out = {}
    for r in raw:
        if len(r) >= 10 and r[2] == 'syn':
            tx, packets = int(r[7]), int(r[6])
            out.setdefault(int(r[0]), {})[r[1]] = {
                'counted': float(r[3]), 'ns': float(r[4]),
                'rate': float(r[5]) * tx / packets if packets else 0.0,
                'ct': int(r[8]), 'rcv': int(r[9])}
    return out


def summarise(rid, raw, rounds, problems):
    """The table's fields of row @rid; a missing sample goes to @problems."""
    syn = samples(raw)
    got = [(rnd, syn[rnd][rid]) for rnd in sorted(syn) if rid in syn[rnd]]
    if len(got) < rounds or not got:
        problems.append(f'{rid}: {len(got)} of {rounds} samples')
    if not got:
        return {}
    ratios = [s['rate'] / syn[rnd][BASELINE]['rate'] for rnd, s in got
              if BASELINE in syn[rnd] and syn[rnd][BASELINE]['rate'] > 0]
    res = {'n': len(got),
           'pps': statistics.median(s['rate'] for _, s in got),
           'ns': statistics.median(s['ns'] for _, s in got),
           'counted': statistics.median(s['counted'] for _, s in got),
           'ct': max(s['ct'] for _, s in got),
           'rcv': max(s['rcv'] for _, s in got)}
    if ratios:
        med = statistics.median(ratios)
        res.update(ratio=med, rmin=min(ratios), rmax=max(ratios),
                   spread=(max(ratios) - min(ratios)) / 2 / med * 100 if med else None)
    return res


def line(r, ent):
    """One line of the table, in the columns of the packet rows."""
    ratio = f'{r["ratio"]:.3f}' if r.get('ratio') is not None else ''
    sp = f'±{r["spread"]:.0f}%' if r.get('spread') is not None else ''
    ct = 'conntrack n/a' if r['ct'] < 0 else f'conntrack {r["ct"]:,}'
    return (f'  {r["label"]:<60} {ent:>9} {round(r["pps"]):>12,} {r["ns"]:>8.0f} '
            f'{ratio:>7} {sp:>7} {"":>8}  {round(r["counted"]):,}/s counted; '
            f'{ct}, SYN-RECV {r["rcv"]:,}')


def targets(raw):
    """The SYN proxy's target (issue 5), from per-round ratios."""
    syn = samples(raw)
    both = [syn[rnd] for rnd in sorted(syn) if 'sp-fg' in syn[rnd] and 'sp-nft' in syn[rnd]]
    name = ('SYN proxy (issue 5): at least as many SYN-ACKs/s as nft synproxy, '
            'at a lower CPU cost per SYN, and zero state')
    if not both:
        return [f'  {name}: not measured']
    rate = [s['sp-fg']['rate'] / s['sp-nft']['rate'] for s in both]
    cost = [s['sp-fg']['ns'] / s['sp-nft']['ns'] for s in both]
    counted = [s['sp-fg']['counted'] / s['sp-nft']['counted'] for s in both]
    ct = max(s['sp-fg']['ct'] for s in both)
    rcv = max(s['sp-fg']['rcv'] for s in both)
    ok = (statistics.median(rate) >= 1 and statistics.median(cost) < 1 and
          ct == 0 and rcv == 0)

    def fmt(v):
        return f'{statistics.median(v):.2f}x ({min(v):.2f}-{max(v):.2f})'
    out = [f'  {name}: floodgate sends {fmt(rate)} nft\'s SYN-ACKs/s (median batch; '
           f'counted over the whole time {fmt(counted)}), its ns/SYN is {fmt(cost)} nft\'s; '
           f'conntrack entries {ct}, SYN-RECV {rcv} -> {"met" if ok else "MISSED"}']
    ck = [syn[rnd] for rnd in sorted(syn) if 'sp-fg' in syn[rnd] and 'sp-ck' in syn[rnd]]
    if ck:
        v = [s['sp-fg']['rate'] / s['sp-ck']['rate'] for s in ck]
        out.append(f'    against tcp_syncookies=2 with no proxy: floodgate sends {fmt(v)} its SYN-ACKs/s')
    return out
