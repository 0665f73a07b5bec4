import { z } from 'zod';

/** A project's name in URLs and inputs: lowercase letters, digits and dashes, 2–40 long. */
export const projectSlug = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/,
    'lowercase letters, digits and dashes (2–40), starting and ending with a letter or digit',
  )
  .min(2);
