#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The host half of `make bench`: turns what tests/bench/guest.sh wrote
# (rows.csv, samples.csv, guest.txt, and scripts/bench.sh's host.txt) into
# one table (printed, and DEST/bench-MODE.txt), a CSV of the table
# (bench-MODE.csv), every sample (bench-MODE-samples.csv) and a chart
# (bench-MODE.png, with gnuplot).
#
#   tests/bench/report.py RUNDIR DEST MODE
#
# Every figure is a ratio to a baseline of the same round, and rounds are
# summarised by their median:
#   packet rows    ratio = pps / pps of "no hooks" (1.0: free; 0.5: the
#                  packet path runs at half the rate), and for drop rows
#                  "vs floor" = pps / pps of the drop-all hook
#   control plane  ratio = load time / floodgate's load time
#   rate limiter   flood rows as packet rows; its memory and CLI rows are
#                  medians of seconds, kB, bytes and keys, no ratio
# spread = half the range (max - min) of the ratio over the rounds, in %
# of its median. Exits 1 if a row lacks samples of any round.

import csv
import os
import statistics
import subprocess
import sys

import report_synproxy


def read_kv(path):
    kv = {}
    if os.path.exists(path):
        with open(path) as f:
            for line in f:
                if '=' in line:
                    k, v = line.rstrip('\n').split('=', 1)
                    kv[k] = v
    return kv


def fnum(x, digits=3):
    return f'{x:.{digits}f}' if x is not None else ''


def group_int(n):
    return f'{n:,}'


def human_kb(kb):
    if kb is None:
        return ''
    if kb >= 1024:
        return f'{kb / 1024:.1f} MiB'
    return f'{kb} KiB'


def human_bytes(b):
    if b is None:
        return ''
    return human_kb(round(b / 1024))


def memory(r, own):
    """Kernel memory a row took, and the tool's own figure (named @own)."""
    text = human_kb(round(r['kb'])) if r.get('kb') is not None else ''
    if r.get('tool') is not None:
        text += f' ({own}: {human_bytes(r["tool"])})'
    return text


def med_or_none(vals):
    return statistics.median(vals) if vals else None


def spread_pct(vals):
    med = statistics.median(vals)
    if not med:
        return None
    return (max(vals) - min(vals)) / 2 / med * 100


def main():
    if len(sys.argv) != 4:
        sys.exit('usage: report.py RUNDIR DEST MODE')
    run, dest, mode = sys.argv[1:]
    host = read_kv(os.path.join(run, 'host.txt'))
    guest = read_kv(os.path.join(run, 'guest.txt'))
    rows_path = os.path.join(run, 'rows.csv')
    samples_path = os.path.join(run, 'samples.csv')
    if not os.path.exists(rows_path) or not os.path.exists(samples_path):
        print('report: the guest wrote no rows or samples', file=sys.stderr)
        return 1

    rows = []
    with open(rows_path) as f:
        for r in csv.reader(f):
            if len(r) >= 6:
                rows.append({'id': r[0], 'group': r[1], 'kind': r[2],
                             'expect': r[3], 'entries': int(r[4]),
                             'label': ','.join(r[5:])})
    # samples: round,id,pkt,pps_med,ns_per_pkt_med,pps_total,packets,acc,drop
    #          round,id,cp,seconds,kernel_kb,tool_bytes,,,
    #          round,id,rl,seconds,kernel_kb,tool_bytes,entries,capacity,flag
    pkt = {}
    cp = {}
    rl = {}

    def opt(x, conv):
        return conv(x) if x != '' else None
    raw = []
    with open(samples_path) as f:
        for r in csv.reader(f):
            if len(r) < 6:
                continue
            raw.append(r)
            rnd = int(r[0])
            if r[2] in ('pkt', 'pg'):
                pkt.setdefault(rnd, {})[r[1]] = {
                    'pps': float(r[3]), 'ns': float(r[4]),
                    'pps_total': float(r[5] or 0)}
            elif r[2] == 'cp':
                cp.setdefault(rnd, {})[r[1]] = {
                    'sec': float(r[3]), 'kb': int(r[4] or 0),
                    'tool': int(r[5]) if r[5] else None}
            elif r[2] == 'rl' and len(r) >= 9:
                rl.setdefault(rnd, {})[r[1]] = {
                    'sec': opt(r[3], float), 'kb': opt(r[4], int),
                    'tool': opt(r[5], int), 'entries': opt(r[6], int),
                    'cap': opt(r[7], int), 'timeout': r[8] == 'timeout'}

    rounds = int(host.get('rounds', guest.get('rounds', '0')) or 0)
    problems = []
    out = []
    for row in rows:
        rid, kind = row['id'], row['kind']
        res = dict(row)
        if kind in ('pkt', 'pg'):
            ratios, floors, pps, ns = [], [], [], []
            for rnd in sorted(pkt):
                s = pkt[rnd].get(rid)
                base = pkt[rnd].get('nohook' if kind == 'pkt' else 'pg-nohook')
                if not s or not base:
                    continue
                pps.append(s['pps'])
                ns.append(s['ns'])
                ratios.append(s['pps'] / base['pps'])
                floor = pkt[rnd].get('drop')
                if (kind == 'pkt' and row['expect'] in ('drop', 'limit') and
                        floor and rid != 'drop'):
                    floors.append(s['pps'] / floor['pps'])
            if len(pps) < rounds or not pps:
                problems.append(f'{rid}: {len(pps)} of {rounds} samples')
            if pps:
                res.update(n=len(pps), pps=statistics.median(pps),
                           ns=statistics.median(ns),
                           ratio=statistics.median(ratios),
                           rmin=min(ratios), rmax=max(ratios),
                           spread=spread_pct(ratios),
                           floor=statistics.median(floors) if floors else None)
        elif kind == 'cp':
            secs, ratios, kbs, tools = [], [], [], []
            for rnd in sorted(cp):
                s = cp[rnd].get(rid)
                fg = cp[rnd].get('cp-fg')
                if not s:
                    continue
                secs.append(s['sec'])
                kbs.append(s['kb'])
                if s['tool'] is not None:
                    tools.append(s['tool'])
                if fg and fg['sec'] > 0:
                    ratios.append(s['sec'] / fg['sec'])
            if len(secs) < rounds or not secs:
                problems.append(f'{rid}: {len(secs)} of {rounds} samples')
            if secs:
                res.update(n=len(secs), sec=statistics.median(secs),
                           smin=min(secs), smax=max(secs),
                           ratio=statistics.median(ratios) if ratios else None,
                           rmin=min(ratios) if ratios else None,
                           rmax=max(ratios) if ratios else None,
                           spread=spread_pct(ratios) if ratios else None,
                           kb=round(statistics.median(kbs)),
                           tool=statistics.median(tools) if tools else None)
        elif kind == 'rl':
            got = [rl[rnd][rid] for rnd in sorted(rl) if rid in rl[rnd]]
            if len(got) < rounds or not got:
                problems.append(f'{rid}: {len(got)} of {rounds} samples')
            if got:
                def field(k):
                    return [g[k] for g in got if g[k] is not None]
                secs = field('sec')
                kbs = field('kb')
                res.update(n=len(got), sec=med_or_none(secs),
                           smin=min(secs) if secs else None,
                           smax=max(secs) if secs else None,
                           kb=med_or_none(kbs),
                           tool=med_or_none(field('tool')),
                           keys=med_or_none(field('entries')),
                           cap=med_or_none(field('cap')),
                           timeouts=sum(g['timeout'] for g in got))
        elif kind == 'syn':
            res.update(report_synproxy.summarise(rid, raw, rounds, problems))
        out.append(res)

    byid = {r['id']: r for r in out}

    # The targets, each from per-round ratios.
    def per_round_pkt(a, b, field='ns'):
        v = []
        for rnd in sorted(pkt):
            if a in pkt[rnd] and b in pkt[rnd]:
                v.append(pkt[rnd][a][field] / pkt[rnd][b][field])
        return v

    def per_round_hook(a, b):
        # Cost of the hooks alone: ns/pkt above "no hooks".
        v = []
        for rnd in sorted(pkt):
            p = pkt[rnd]
            if a in p and b in p and 'nohook' in p:
                base = p['nohook']['ns']
                if p[b]['ns'] - base > 0:
                    v.append((p[a]['ns'] - base) / (p[b]['ns'] - base))
        return v

    def per_round_cp(a, b):
        v = []
        for rnd in sorted(cp):
            if a in cp[rnd] and b in cp[rnd] and cp[rnd][b]['sec'] > 0:
                v.append(cp[rnd][a]['sec'] / cp[rnd][b]['sec'])
        return v

    sizes = [int(x) for x in host.get('sizes', '').split()]
    big, small = (sizes[-1], sizes[0]) if sizes else (0, 0)
    targets = []

    def target(name, vals, ok, fmt):
        if not vals:
            targets.append(f'  {name}: not measured')
            return
        med = statistics.median(vals)
        verdict = 'met' if ok(med) else 'MISSED'
        targets.append(f'  {name}: {fmt(med, min(vals), max(vals))} -> {verdict}')

    target(f'load {big:,} entries >= 10x faster than nft -f',
           per_round_cp('cp-nft', 'cp-fg'), lambda m: m >= 10,
           lambda m, lo, hi: f'nft takes {m:.1f}x floodgate\'s time ({lo:.1f}-{hi:.1f})')
    target(f'load {big:,} entries no slower than ipset restore',
           per_round_cp('cp-fg', 'cp-ipset'), lambda m: m <= 1,
           lambda m, lo, hi: f'floodgate takes {m:.2f}x ipset\'s time ({lo:.2f}-{hi:.2f})')
    def pct(vals):
        m = statistics.median(vals)
        return f'{(m - 1) * 100:+.0f}% ({(min(vals) - 1) * 100:+.0f}% to {(max(vals) - 1) * 100:+.0f}%)'

    target(f'drop cost at {big:,} entries within 10% of {small:,} entry, the same flood '
           '(one blocked source, in both tables)',
           per_round_pkt(f'fg-one-{big}', f'fg-{small}'), lambda m: m <= 1.10,
           lambda m, lo, hi: f'ns/packet {pct([m, lo, hi])}')
    hook = per_round_hook(f'fg-one-{big}', f'fg-{small}')
    if hook:
        targets.append(f'    the same, hook time only (ns/packet above "no hooks"): {pct(hook)}')
    spread = per_round_pkt(f'fg-{big}', f'fg-{small}')
    if spread:
        others = []
        for t, name in (('nfth', 'nft hash set'), ('ipset', 'ipset'), ('nfti', 'nft interval set')):
            v = per_round_pkt(f'{t}-{big}', f'{t}-{small}')
            if v:
                others.append(f'{name} {pct(v).split(" ")[0]}')
        targets.append(f'    a flood spread over all {big:,} entries (a random entry a packet): '
                       f'{pct(spread)}; the same growth for '
                       + (', '.join(others) or 'the others: not measured'))
    v32 = per_round_pkt(f'fg32-{big}', f'fg-{small}')
    if v32:
        targets.append(f'    spread over {big:,} /32 entries only (one prefix length, as the '
                       f'1-entry table): {pct(v32)}')

    # The rate limiter (issue 4): against nft's meter, against the
    # blocklist's hit with one entry (a flood from one source too), and
    # `limit top` with the table filled.
    keys = int(host.get('rl_keys', '0') or 0)

    def ratio_fmt(what):
        return lambda m, lo, hi: f'{what} {m:.2f}x ({lo:.2f}-{hi:.2f})'

    target(f'rate limiter, a fresh source a packet, {keys:,} sources in the table: '
           'cheaper per packet than nft',
           per_round_pkt('rl-fg-fresh', 'rl-nft-fresh'), lambda m: m < 1,
           ratio_fmt('floodgate\'s ns/packet is nft\'s times'))
    target('rate limiter, one source over its budget: cheaper per packet than nft',
           per_round_pkt('rl-fg-one', 'rl-nft-one'), lambda m: m < 1,
           ratio_fmt('floodgate\'s ns/packet is nft\'s times'))
    target(f'rate limiter, one source over its budget: within 2x of a blocklist hit ({small:,} entry)',
           per_round_pkt('rl-fg-one', f'fg-{small}'), lambda m: m <= 2,
           ratio_fmt('ns/packet is the blocklist hit\'s times'))
    hook = per_round_hook('rl-fg-one', f'fg-{small}')
    if hook:
        targets.append(f'    the same, hook time only (ns/packet above "no hooks"): '
                       f'{statistics.median(hook):.2f}x ({min(hook):.2f}-{max(hook):.2f})')
    top = [rl[rnd]['rl-fg-top']['sec'] for rnd in sorted(rl) if 'rl-fg-top' in rl[rnd]]
    target(f'floodgate limit top with {keys:,} sources in the table: under a second',
           top, lambda m: m < 1,
           lambda m, lo, hi: f'{m:.2f} s ({lo:.2f}-{hi:.2f}; wall time in the guest, '
                             f'{byid.get("rl-fg-top", {}).get("timeouts", 0)} timed out)')
    fm, nm = byid.get('rl-fg-mem', {}), byid.get('rl-nft-mem', {})
    if fm.get('kb') is not None and nm.get('kb') is not None:
        status = ''
        if fm.get('tool') is not None:
            status = (f' (status: {human_bytes(fm["tool"])}, {int(fm["keys"] or 0):,} keys '
                      f'held of {keys:,} sent, capacity {int(fm["cap"] or 0):,})')
        targets.append(f'  memory for {keys:,} sources, kernel growth: floodgate '
                       f'{human_kb(round(fm["kb"]))}{status}; nft meter {human_kb(round(nm["kb"]))}')
    targets.extend(report_synproxy.targets(raw))

    # The cross-check: what floodgate's pass-through path adds to a
    # packet, by fg_bench (hooks alone) and by pktgen (whole receive path).
    def added_ns(a, b):
        v = [pkt[rnd][a]['ns'] - pkt[rnd][b]['ns'] for rnd in sorted(pkt)
             if a in pkt[rnd] and b in pkt[rnd]]
        return statistics.median(v) if v else None

    cross = []
    fb = added_ns('xb-fg-pass', 'xb-nohook')
    pg = added_ns('pg-fg-pass', 'pg-nohook')
    if fb is not None and pg is not None:
        cross.append(f'  floodgate with the full blocklist, pass-through traffic from one source, adds '
                     f'{fb:.0f} ns/packet by fg_bench and {pg:.0f} ns/packet by pktgen')
        cross.append('  (medians of per-round differences; pktgen\'s figure is from the whole '
                     'run, descheduling included, fg_bench\'s from the median batch)')

    # --- The table ----------------------------------------------------
    lines = []
    kern = guest.get('guest_version', guest.get('guest_kernel', '?'))
    lines.append(f'floodgate bench ({mode}), {host.get("date", "")}, commit {host.get("commit", "?")}')
    lines.append(f'kernel:  {kern}')
    lines.append(f'machine: QEMU TCG guest ({guest.get("guest_cpu", "?")}), '
                 f'{guest.get("guest_cpus", "?")} vCPUs, '
                 f'{int(guest.get("guest_mem_kb", "0")) // 1024} MB, '
                 f'clocksource {guest.get("clocksource", "?")}; {host.get("qemu", "")}')
    lines.append(f'host:    {host.get("host_cpu", "?")}, {host.get("host_cpus", "?")} CPUs, '
                 f'Linux {host.get("host_kernel", "?")}, load average '
                 f'{host.get("host_load_before", "?")} before, {host.get("host_load_after", "?")} after')
    lines.append(f'tools:   {guest.get("nft", "?")}; {guest.get("ipset", "?")}; {guest.get("iptables", "?")}')
    lines.append(f'method:  {rounds} rounds; a sample is {int(host.get("packets", "0")):,} packets '
                 f'(UDP, 46 bytes) in batches of {host.get("batch", "?")}, pps from the median batch; '
                 f'ratio = pps / pps of "no hooks" in the same round (control plane: time / '
                 f'floodgate\'s time); spread = +/- half the range of the ratio over the rounds')
    lines.append('')
    hdr = (f'{"configuration":<62} {"entries":>9} {"median":>12} {"ns/pkt":>8} '
           f'{"ratio":>7} {"spread":>7} {"vs floor":>8}  memory')
    titles = {
        'baseline': 'baselines (no table)',
        'drop': 'blocklist drop: a flood from blocked sources, a random one of the N entries a packet',
        'drop1': 'blocklist drop: the 1-entry rows\' flood (one blocked source) against the largest tables',
        'peacetime': 'peacetime: pass-through traffic, sources in no table',
        'control': f'control plane: loading the {big:,}-entry list (median = seconds)',
        'ratelimit': f'rate limiter: 10 packets/s per source, burst 10; tables filled with '
                     f'{int(host.get("rl_keys", "0") or 0):,} sources (entries column)',
        'pktgen': 'cross-check: pktgen through the whole receive path (ratio: to its own no-hooks row)',
        'todo': 'not built yet',
    }
    titles.update(report_synproxy.TITLES)
    group = None
    lines.append(hdr)
    lines.append('-' * len(hdr))
    for r in out:
        if r['group'] != group:
            group = r['group']
            lines.append(f'[{titles.get(group, group)}]')
        ent = group_int(r['entries']) if r['entries'] else '-'
        if r['kind'] != 'none' and 'n' not in r:
            lines.append(f'  {r["label"]:<60} {ent:>9} {"NO DATA":>12}')
            continue
        if r['kind'] in ('pkt', 'pg'):
            fl = f'{r["floor"]:.3f}' if r.get('floor') is not None else ''
            sp = f'±{r["spread"]:.0f}%' if r.get('spread') is not None else ''
            lines.append(f'  {r["label"]:<60} {ent:>9} {group_int(round(r["pps"])):>12} '
                         f'{r["ns"]:>8.0f} {r["ratio"]:>7.3f} {sp:>7} {fl:>8}')
        elif r['kind'] == 'cp':
            sp = f'±{r["spread"]:.0f}%' if r.get('spread') is not None else ''
            ratio = f'{r["ratio"]:.2f}' if r.get('ratio') is not None else ''
            own = 'status' if r['id'] == 'cp-fg' else 'list -t'
            lines.append(f'  {r["label"]:<60} {ent:>9} {r["sec"]:>10.1f} s {"":>8} '
                         f'{ratio:>7} {sp:>7} {"":>8}  {memory(r, own)}')
        elif r['kind'] == 'rl':
            med = f'{r["sec"]:>10.2f} s' if r.get('sec') is not None else f'{"":>12}'
            if r.get('timeouts'):
                med += f' ({r["timeouts"]} of {r["n"]} timed out)'
            mem = memory(r, 'status')
            if r.get('keys') is not None:
                mem += f', {int(r["keys"]):,} keys of {int(r["cap"] or 0):,}'
            lines.append(f'  {r["label"]:<60} {ent:>9} {med} {"":>8} {"":>7} {"":>7} {"":>8}  {mem}')
        elif r['kind'] == 'syn':
            lines.append(report_synproxy.line(r, ent))
        else:
            lines.append(f'  {r["label"]:<60} {"":>9} {"not built yet":>12}')
    lines.append('')
    lines.append('targets (issue "make bench"):')
    lines.extend(targets)
    if cross:
        lines.append('cross-check:')
        lines.extend(cross)
    if problems:
        lines.append('')
        lines.append('PROBLEMS: ' + '; '.join(problems))
    failures = guest.get('failures')
    if failures not in (None, '0'):
        lines.append(f'FAILED CHECKS in the guest: {failures} (see the console log)')
    text = '\n'.join(lines) + '\n'

    os.makedirs(dest, exist_ok=True)
    base = os.path.join(dest, f'bench-{mode}')
    with open(base + '.txt', 'w') as f:
        f.write(text)
    sys.stdout.write(text)

    fields = ['group', 'id', 'label', 'entries', 'kind', 'samples',
              'median_pps', 'median_ns_per_pkt', 'ratio_median', 'ratio_min',
              'ratio_max', 'spread_pct', 'vs_floor_median', 'median_seconds',
              'min_seconds', 'max_seconds', 'kernel_mem_kb',
              'tool_mem_bytes', 'keys', 'capacity', 'timeouts']
    with open(base + '.csv', 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(fields)
        for r in out:
            w.writerow([r['group'], r['id'], r['label'], r['entries'],
                        r['kind'], r.get('n', 0),
                        fnum(r.get('pps'), 0), fnum(r.get('ns'), 1),
                        fnum(r.get('ratio'), 4), fnum(r.get('rmin'), 4),
                        fnum(r.get('rmax'), 4), fnum(r.get('spread'), 1),
                        fnum(r.get('floor'), 4), fnum(r.get('sec'), 3),
                        fnum(r.get('smin'), 3), fnum(r.get('smax'), 3),
                        '' if r.get('kb') is None else round(r['kb']),
                        '' if r.get('tool') is None else int(r['tool']),
                        '' if r.get('keys') is None else int(r['keys']),
                        '' if r.get('cap') is None else int(r['cap']),
                        r.get('timeouts', '')])
    with open(base + '-samples.csv', 'w', newline='') as f:
        w = csv.writer(f)
        w.writerow(['round', 'id', 'kind', 'pps_median_batch_or_seconds',
                    'ns_per_pkt_or_kernel_kb', 'pps_total_or_tool_bytes',
                    'packets', 'accepted', 'dropped'])
        w.writerows(raw)

    chart(run, base, out, byid, sizes, mode)
    return 1 if problems or failures not in (None, '0') else 0


def chart(run, base, out, byid, sizes, mode):
    """The drop path against table size, the control plane, the rate limiter."""
    dat = os.path.join(run, 'chart-drop.dat')
    series = [('fg', 'floodgate'), ('nfti', 'nft interval set'),
              ('nfth', 'nft hash set (/32)'), ('ipset', 'ipset hash:net')]
    with open(dat, 'w') as f:
        for prefix, title in series:
            f.write(f'# {title}\n')
            for n in sizes:
                r = byid.get(f'{prefix}-{n}')
                if r and 'ratio' in r:
                    f.write(f'{n} {r["ratio"]:.4f} {r["rmin"]:.4f} {r["rmax"]:.4f}\n')
            f.write('\n\n')
        r = byid.get(f'fg32-{sizes[-1]}') if sizes else None
        f.write('# floodgate, /32 only\n')
        if r and 'ratio' in r:
            f.write(f'{sizes[-1]} {r["ratio"]:.4f} {r["rmin"]:.4f} {r["rmax"]:.4f}\n')
        f.write('\n\n')
    cpd = os.path.join(run, 'chart-cp.dat')
    with open(cpd, 'w') as f:
        for i, (rid, title) in enumerate([('cp-fg', 'floodgate'),
                                          ('cp-nft', 'nft -f'),
                                          ('cp-ipset', 'ipset restore')]):
            r = byid.get(rid)
            if r and 'sec' in r:
                f.write(f'{i} "{title}" {r["sec"]:.3f} {r["smin"]:.3f} {r["smax"]:.3f}\n')
    # The rate limiter's floods next to a blocklist hit, in ns/packet.
    rld = os.path.join(run, 'chart-rl.dat')
    small = sizes[0] if sizes else 1
    bars = [(f'fg-{small}', 'floodgate\\nblocklist hit', 0x4682b4),
            ('rl-fg-one', 'floodgate\\none source\\nover budget', 0x4682b4),
            ('rl-nft-one', 'nft meter\\none source\\nover budget', 0xcd853f),
            ('rl-fg-fresh', 'floodgate\\nfresh sources', 0x4682b4),
            ('rl-nft-fresh', 'nft meter\\nfresh sources', 0xcd853f)]
    with open(rld, 'w') as f:
        for i, (rid, title, color) in enumerate(bars):
            r = byid.get(rid)
            if r and 'ns' in r:
                f.write(f'{i} "{title}" {r["ns"]:.1f} {color}\n')
    keys = max([r['entries'] for r in out if r['group'] == 'ratelimit'] or [0])
    floor = byid.get('drop', {}).get('ratio')
    accept = byid.get('accept', {}).get('ratio')
    big = sizes[-1] if sizes else 0
    gp = f'''
set terminal pngcairo size 1920,560 font "DejaVu Sans,10"
set output "{base}.png"
set multiplot layout 1,3 title "floodgate bench ({mode}): stock 6.1 kernel under QEMU TCG, medians of per-round ratios (bars: min-max)"
set title "drop path: a flood from blocked sources"
set logscale x
set xrange [0.5:{max(sizes or [1]) * 2}]
set xtics ("1" 1, "10" 10, "100" 100, "1k" 1000, "10k" 10000, "100k" 100000, "1M" 1000000)
set xlabel "entries in the table"
set ylabel "packets/s relative to no hooks"
set yrange [0:1.05]
set key bottom left
set grid ytics
'''
    plots = []
    for i, (prefix, title) in enumerate(series):
        plots.append(f'"{dat}" index {i} using 1:2:3:4 with yerrorlines lw 2 pt 7 title "{title}"')
    if any(byid.get(f'fg32-{n}') for n in sizes):
        plots.append(f'"{dat}" index {len(series)} using 1:2:3:4 with yerrorbars pt 6 ps 1.5 '
                     f'lc rgb "dark-violet" title "floodgate, /32 only"')
    if floor:
        plots.append(f'{floor:.4f} with lines dt 2 lw 2 lc rgb "black" title "drop-all hook (floor)"')
    if accept:
        plots.append(f'{accept:.4f} with lines dt 3 lw 1 lc rgb "gray40" title "accept-all hook"')
    gp += 'plot ' + ', \\\n     '.join(plots) + '\n'
    gp += f'''
unset logscale x
set title "control plane: loading {big:,} entries"
set xrange [-0.6:2.6]
set yrange [0:*]
set xlabel ""
set ylabel "seconds (median; bars: min-max)"
set style fill solid 0.6
set boxwidth 0.6
set key off
plot "{cpd}" using 1:3:xtic(2) with boxes lc rgb "steelblue", \\
     "{cpd}" using 1:3:4:5 with yerrorbars lc rgb "black" pt 0, \\
     "{cpd}" using 1:3:(sprintf("%.1f s", $3)) with labels offset 4,0.8
set title "rate limiter, 10 packets/s per source: {keys:,} sources in the table"
set xrange [-0.6:{len(bars) - 0.4}]
set ylabel "ns per packet (median batch, median round)"
set bmargin 5
plot "{rld}" using 1:3:4:xtic(2) with boxes lc rgb variable, \\
     "{rld}" using 1:3:(sprintf("%.0f", $3)) with labels offset 0,0.8
unset multiplot
'''
    gpf = os.path.join(run, 'chart.gp')
    with open(gpf, 'w') as f:
        f.write(gp)
    try:
        subprocess.run(['gnuplot', gpf], check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        print(f'report: gnuplot failed: {e}', file=sys.stderr)


if __name__ == '__main__':
    sys.exit(main())
