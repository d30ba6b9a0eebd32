"""Shared helpers of bench/index-build and bench/engine-queries (standard library only)."""
import json, os, platform, re, shutil, subprocess, sys, time

BENCH = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(BENCH)
GNU_TIME = '/usr/bin/time'
CORPUS_TOKENS = {'real': 'real', '100M': '100M', '1B': '1B'}


def data_dir():
    return os.environ.get('PRESSER_BENCH_DATA', '/work/bench-data')


def corpus_dir(corpus):
    return os.path.join(data_dir(), 'real' if corpus == 'real' else f'corpus-{corpus}')


def index_dir(corpus, engine):
    return os.path.join(data_dir(), 'indexes', corpus, engine)


def presser_bin():
    return os.environ.get('PRESSER_BIN') or os.path.join(REPO, 'build', 'release', 'presser')


def ensure_corpus(corpus):
    """Runs bench/make-corpus if the corpus (or its turns.tsv) is missing; returns its manifest."""
    d = corpus_dir(corpus)
    man = os.path.join(d, 'manifest.json')
    if not os.path.exists(man):
        print(f'bench: making corpus {corpus} in {d}', file=sys.stderr)
        subprocess.run([os.path.join(BENCH, 'make-corpus'), '--tokens', CORPUS_TOKENS.get(corpus, corpus)],
                       check=True)
    return json.load(open(man))


def build_engines():
    subprocess.run([os.path.join(BENCH, 'engines', 'build')], check=True)
    b = os.path.join(data_dir(), 'bin')
    return {'sqlite': os.path.join(b, 'sqlite_fts5_bench'), 'xapian': os.path.join(b, 'xapian_bench'),
            'lucene_cp': open(os.path.join(b, 'lucene.classpath')).read().strip()}


def timed(cmd, shell=False, stdout_file=None):
    """Runs cmd; returns (wall s, peak RSS KB or None, stdout, stderr, returncode). Peak RSS from GNU time
    (-f %M, the largest process of the command's tree as GNU time reports it) when installed."""
    rss = None
    if os.access(GNU_TIME, os.X_OK):
        tf = os.path.join(data_dir(), '.time.out')
        full = [GNU_TIME, '-f', '%M', '-o', tf] + (['sh', '-c', cmd] if shell else cmd)
    else:
        full = ['sh', '-c', cmd] if shell else cmd
        import resource
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.monotonic()
    p = subprocess.run(full, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wall = time.monotonic() - t0
    if os.access(GNU_TIME, os.X_OK):
        try:
            rss = int(open(tf).read().split()[-1])
        except (OSError, ValueError, IndexError):
            rss = None
    else:
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rss = after if after > before else None  # a maximum over all children so far: an upper bound
    return wall, rss, p.stdout, p.stderr, p.returncode


def du_bytes(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total


def git_commit():
    try:
        c = subprocess.run(['git', '-C', REPO, 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True,
                           check=True).stdout.strip()
        dirty = subprocess.run(['git', '-C', REPO, 'status', '--porcelain', '--untracked-files=no'],
                               capture_output=True, text=True).stdout.strip()
        return c + ('+dirty' if dirty else '')
    except (OSError, subprocess.CalledProcessError):
        return 'unknown'


def machine():
    cpu = '?'
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                cpu = line.split(':', 1)[1].strip()
                break
    except OSError:
        pass
    ram = '?'
    try:
        for line in open('/proc/meminfo'):
            if line.startswith('MemTotal:'):
                ram = f'{int(line.split()[1]) / 1024 / 1024:.1f} GiB'
    except OSError:
        pass
    osname = ''
    try:
        osname = re.search(r'PRETTY_NAME="([^"]*)"', open('/etc/os-release').read()).group(1)
    except (OSError, AttributeError):
        osname = platform.system()
    load = os.getloadavg()[0] if hasattr(os, 'getloadavg') else 0
    return f'{os.cpu_count()} cores ({cpu}), {ram} RAM, {osname}, load average {load:.2f} at start'


def fmt_int(n):
    return f'{n:,}' if isinstance(n, int) else str(n)


def table(header, rows):
    """A Markdown table with padded columns."""
    cells = [header] + [[str(c) for c in r] for r in rows]
    w = [max(len(r[i]) for r in cells) for i in range(len(header))]
    line = lambda r: '| ' + ' | '.join(c.ljust(w[i]) for i, c in enumerate(r)) + ' |'
    return '\n'.join([line(cells[0]), '|' + '|'.join('-' * (x + 2) for x in w) + '|'] + [line(r) for r in cells[1:]])


def append_results(title, body):
    path = os.path.join(BENCH, 'RESULTS.md')
    with open(path, 'a', encoding='utf-8') as f:
        f.write(f'\n## {title}\n\n{body}\n')
    print(f'bench: appended to {path}', file=sys.stderr)
