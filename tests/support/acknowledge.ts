/**
 * How a crash test's child tells its parent that a write is durable: one line on stdout.
 *
 * Node leaves a piped stdout non-blocking, so a raw `writeSync(1, …)` throws EAGAIN as soon
 * as a busy parent lets the pipe fill, and the child dies of it instead of the SIGKILL the
 * test planned. `process.stdout.write` queues under back-pressure instead, and its callback
 * fires once the line is in the pipe. The child awaits that before its next write, so a
 * kill can never lose an acknowledgement the parent should have seen, and can only cost one
 * it was never owed (a durable write whose line had not gone out yet).
 */
export function acknowledge(line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    process.stdout.write(`${line}\n`, (error) => (error ? reject(error) : resolve()));
  });
}
