// Runs a command (rauc service) in the private mount namespace `unshare --mount --propagation private`
// made for it, after unmounting there every loop partition: rauc 1.8 fails every install while a
// /dev/loopNpM is mounted anywhere it can see (docs/architecture.md), and the grow tests mount some.
const { execFileSync, spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');

const loopPartitionMounts = readFileSync('/proc/self/mountinfo', 'utf8')
  .split('\n')
  .filter((line) => / - \S+ \/dev\/loop\d+p\d+ /.test(line))
  .map((line) => line.split(' ')[4])
  .reverse();
for (const mountPoint of loopPartitionMounts) {
  try {
    execFileSync('umount', ['--lazy', mountPoint], { stdio: 'ignore' });
  } catch {
    // gone meanwhile
  }
}

const [binary, ...args] = process.argv.slice(2);
const child = spawn(binary, args, { stdio: 'inherit' });
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => child.kill(signal));
child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
