import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // The repository is the workspace root for the demo; the app is its own project.
  turbopack: { root: import.meta.dirname },
};

export default nextConfig;
