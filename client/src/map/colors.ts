/** One colour per crew lane, shared by calendar events, route lines and map markers. */
const CREW_COLORS = [
  '#1c7ed6',
  '#e8590c',
  '#2f9e44',
  '#ae3ec9',
  '#f08c00',
  '#0c8599',
  '#d6336c',
  '#5c940d',
  '#4263eb',
  '#c2255c',
  '#087f5b',
  '#7048e8',
] as const;

export const crewColor = (index: number) => CREW_COLORS[index % CREW_COLORS.length] as string;

/** Visit status colours (calendar event fill, map marker when coloured by status). */
export const STATUS_COLORS: Record<string, string> = {
  unassigned: '#868e96',
  assigned: '#1c7ed6',
  en_route: '#f08c00',
  on_site: '#ae3ec9',
  completed: '#2f9e44',
  missed: '#e03131',
  cancelled: '#adb5bd',
};
