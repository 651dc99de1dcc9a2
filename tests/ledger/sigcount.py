"""sigcount.py OUT: count the SIGINTs this process receives.  Touches
OUT.ready when the handler is in place, waits (20 s at most) for the first
signal, then one more second for a second delivery, and writes the count to
OUT."""
import signal
import sys
import time

n = 0


def on_int(_sig, _frame):
    global n
    n += 1


signal.signal(signal.SIGINT, on_int)
open(sys.argv[1] + ".ready", "w").close()
t = time.time()
while n == 0 and time.time() - t < 20:
    time.sleep(0.05)
time.sleep(1)  # a second delivery would land here
open(sys.argv[1], "w").write(str(n))
