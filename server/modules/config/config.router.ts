import { publicProcedure, router } from '../../trpc/init';

export const configRouter = router({
  /** Settings the browser needs before sign-in (map tiles, calendar licence, default zone). */
  public: publicProcedure.query(({ ctx }) => ({
    tileUrl: ctx.env.TILE_URL,
    fullcalendarLicenseKey: ctx.env.FULLCALENDAR_LICENSE_KEY,
    timeZoneDefault: ctx.env.TZ_DEFAULT,
    roadRouting: Boolean(ctx.env.OSRM_URL),
  })),
});
