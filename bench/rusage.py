"""Runs one command and measures it as the kernel accounts it: wall time from here, and the CPU time
and peak RSS (ru_maxrss) that wait4() returns for the child, its threads included. The same for every
tool of `npm run bench -- --peers`, whatever language it is written in.

    python3 bench/rusage.py <stdout file> <stderr file> <command> [arguments...]

Prints one JSON line: wallSeconds, cpuSeconds, maxRssKiB, exitCode."""
import json
import os
import subprocess
import sys
import time


def main(stdout_file, stderr_file, command):
    with open(stdout_file, 'wb') as out, open(stderr_file, 'wb') as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
    print(json.dumps({
        'wallSeconds': wall,
        'cpuSeconds': usage.ru_utime + usage.ru_stime,
        'maxRssKiB': usage.ru_maxrss,
        'exitCode': child.returncode,
    }))


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2], sys.argv[3:])
