/**
 * Extension point: when a crew sets off to a visit the borrower may later be told ("your visitor is on the
 * way"). Nothing sends messages yet; a notifier registers here and runs after the change committed.
 */
export interface EnRouteEvent {
  visitId: string;
  at: Date;
}

const enRouteListeners: Array<(e: EnRouteEvent) => void> = [];

/** Registers a listener for visits going en route; returns a function that removes it. */
export function onEnRoute(listener: (e: EnRouteEvent) => void): () => void {
  enRouteListeners.push(listener);
  return () => {
    const i = enRouteListeners.indexOf(listener);
    if (i >= 0) enRouteListeners.splice(i, 1);
  };
}

/** Tells the listeners; a failing listener never undoes the status change. */
export function notifyEnRoute(e: EnRouteEvent): void {
  for (const l of enRouteListeners) {
    try {
      l(e);
    } catch {
      // notification is best effort by design
    }
  }
}
