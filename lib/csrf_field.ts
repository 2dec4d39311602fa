/** The form field that carries the CSRF token: apart from `csrf.ts`, so islands can name it. */
export const CSRF_FIELD = "_csrf";
