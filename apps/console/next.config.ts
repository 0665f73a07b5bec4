import type { NextConfig } from 'next';

// The console is a plain Next.js app: no remote fonts or images (machines here are offline), and
// /trpc/* is proxied to the API at run time by app/trpc/[...path]/route.ts.
const config: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  images: { unoptimized: true },
};

export default config;
