#!/usr/bin/env python3
"""Does a directory listing that races logrotate-style renames miss files that exist before and after it?

   python3 bench/readdir-race.py DIR [SECONDS]

Eight threads each keep a log file rotating the way logrotate (rename/create) does: .N -> .N+1 for every N, then the
live file -> .1 and a new live file, every 20 ms, under a lock. The main thread repeatedly takes a snapshot of the
directory's inodes under the lock, lists the directory WITHOUT the lock (racing the renames), and takes another
snapshot under the lock. No file is ever deleted, so every inode of the first snapshot exists throughout; one missing
from the racing listing was missed by it. This is why the tailer lists again before it judges a file gone
(FileDiscovery.EXTRA_LISTINGS).
"""
import os, sys, threading, time

d = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20
os.makedirs(d, exist_ok=True)
for f in os.listdir(d):
    os.remove(os.path.join(d, f))
lock = threading.Lock()
stop = False


def rotator(pod):
    n = 0
    base = os.path.join(d, f"p{pod}-app.log")
    open(base, "w").close()
    while not stop:
        with lock:
            for i in range(n, 0, -1):
                os.rename(f"{base}.{i}", f"{base}.{i + 1}")
            os.rename(base, f"{base}.1")
            open(base, "w").close()
            n += 1
        time.sleep(0.02)


threads = [threading.Thread(target=rotator, args=(p,)) for p in range(8)]
for t in threads:
    t.start()
time.sleep(1)


def inodes():
    return {e.inode() for e in os.scandir(d)}


listings = missed_listings = missed_files = 0
end = time.time() + seconds
while time.time() < end:
    with lock:
        before = inodes()
    racing = inodes()
    with lock:
        after = inodes()
    missed = (before & after) - racing
    listings += 1
    if missed:
        missed_listings += 1
        missed_files += len(missed)
stop = True
for t in threads:
    t.join()
fs = os.popen("stat -f -c %T " + d).read().strip()
print(f"{time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} filesystem {fs}, kernel {os.uname().release}: "
      f"{listings} racing listings, {missed_listings} missed a file present before and after ({missed_files} files)")
