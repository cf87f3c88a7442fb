// Types <customer-portal> in templates for vue-tsc: props and typed @token-expired & co.
import '@flexprice/customer-portal/vue';
