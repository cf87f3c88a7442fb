import { bootstrapApplication } from '@angular/platform-browser';
import { provideZonelessChangeDetection } from '@angular/core';
// Registers <customer-portal> and brings its HTMLElementTagNameMap / HTMLElementEventMap
// types, which Angular's template type checker reads for (token-expired)'s $event.
import '@flexprice/customer-portal/define';
import { App } from './app/app';

bootstrapApplication(App, { providers: [provideZonelessChangeDetection()] }).catch((error: unknown) => console.error(error));
