# query-sched.py BIN DATA NAME|FILE.sql|select1 [THREADS] [TAG in env]: one `analytics query` run in a session of its own,
# every thread's schedstat (on-CPU ns, run-queue wait ns) polled every 10 ms. Prints wall, CPU, peak RSS and wall less
# the client thread's run-queue wait: an estimate of the wall time on an idle machine, taken on a shared one (README,
# "Partition compaction": the kernel shares the cores between sessions, so a loaded machine's wall clock says little).
import os,subprocess,sys,time,glob,resource
bin,data,q=sys.argv[1:4]; t=sys.argv[4:5]
args=[bin,'query']+(['select 1'] if q=='select1' else ['--file',q] if q.endswith('.sql') else ['--name',q])+['--data',data,'--format','csv']+(['--threads',t[0]] if t else [])
t0=time.time(); p=subprocess.Popen(args,stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL,start_new_session=True)
last={}
# bin is a shell script that execs dotnet: same pid
while p.poll() is None:
    for f in glob.glob(f'/proc/{p.pid}/task/*/schedstat'):
        try:
            c,w,_=open(f).read().split(); last[f.split('/')[4]]=(int(c),int(w))
        except Exception: pass
    time.sleep(0.01)
wall=time.time()-t0
ru=resource.getrusage(resource.RUSAGE_CHILDREN)
cpu=ru.ru_utime+ru.ru_stime; rss=ru.ru_maxrss/1024
main=last.get(str(p.pid),(0,0))
tot_c=sum(c for c,w in last.values())/1e9
top=sorted(last.items(), key=lambda kv:-kv[1][0])[:3]
print(f"{os.environ.get('TAG','')} {q:22s} t={t[0] if t else '-'} wall {wall:5.2f} CPU {cpu:5.2f} RSS {rss:4.0f} MB idle-est {wall-main[1]/1e9:5.2f} main cpu {main[0]/1e9:5.2f} wait {main[1]/1e9:5.2f} | "
      + ' '.join(f"{k}:{c/1e9:.2f}/{w/1e9:.2f}" for k,(c,w) in top)
      + f" | load {open('/proc/loadavg').read().split()[0]}")
