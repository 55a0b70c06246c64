/** A gate one transaction opens for the other, so two transactions interleave in a known order. */
export function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}
