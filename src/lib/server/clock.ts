/** Current time as the database stores it (ISO 8601, UTC). Tests pass their own `now` instead of mocking time. */
export const isoNow = (now = new Date()) => now.toISOString();
export const addMs = (date: Date, ms: number) => new Date(date.getTime() + ms);
export const minutes = (n: number) => n * 60_000;
export const hours = (n: number) => n * 3_600_000;
export const days = (n: number) => n * 86_400_000;
