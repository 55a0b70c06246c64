import { useEffect, useState } from 'react';

/**
 * False for a component's first render and until the browser has drawn the frame it produced, then true: lets a
 * screen paint what is in view first and the rest in the next task (the board's slot blocks, the tray's cards).
 */
export function useAfterFirstFrame(): boolean {
  const [after, setAfter] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setAfter(true), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return after;
}
