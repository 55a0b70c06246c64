import { useNotifications } from '@mantine/notifications';
import { type ComponentType, lazy, Suspense, useState } from 'react';

// The container (with its transitions) is loaded on the first notification, not with every page: a page that
// never shows one never downloads it. Notifications shown before it is there wait in Mantine's store.
// (Its own module: a dynamic import of the package itself would pull the container into every page with it.)
// Without a connection and not yet cached, a page shows no notifications rather than failing as a whole.
const loadContainer = (): Promise<{ default: ComponentType }> => import('./notifications-container');
const NotificationsContainer = lazy(() => loadContainer().catch(() => ({ default: () => null })));

/** Fetches the container ahead of need, for a page that must work offline (the agent's route). */
export function preloadNotifications(): void {
  void loadContainer().catch(() => undefined);
}

/** Mantine's notifications container, mounted once there is something to show. */
export function DeferredNotifications() {
  const { notifications, queue } = useNotifications();
  const [wanted, setWanted] = useState(false);
  if (!wanted && notifications.length + queue.length > 0) setWanted(true);
  return wanted ? (
    <Suspense fallback={null}>
      <NotificationsContainer />
    </Suspense>
  ) : null;
}
