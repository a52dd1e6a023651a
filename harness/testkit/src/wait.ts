/** Polls `condition` every 50 ms until it holds; past `timeoutMs` it throws, with `describe()` saying how far it got. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  describe?: () => string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms${describe ? `: ${describe()}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
