import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  plugins: [
    vue({
      template: {
        // <customer-portal> is a custom element, not a Vue component.
        compilerOptions: { isCustomElement: (tag) => tag === 'customer-portal' },
      },
    }),
  ],
  build: { target: 'es2022' },
});
