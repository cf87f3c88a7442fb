import { createApp } from 'vue';
// Registers <customer-portal> (the package's `./define` entry).
import '@flexprice/customer-portal/define';
import App from './App.vue';
import './app.css';

createApp(App).mount('#app');
