import { Notifications } from '@mantine/notifications';

/** Mantine's notifications container, alone in a module so that it can be loaded on demand. */
export default function NotificationsContainer() {
  return <Notifications position="top-right" />;
}
