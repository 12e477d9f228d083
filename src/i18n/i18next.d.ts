// Typed keys: `t('site:practice.title')` is checked against the English catalogue, the source of every key.
import 'i18next';
import type site from './messages/en/site.json';
import type common from './messages/en/common.json';
import type shell from './messages/en/shell.json';
import type auth from './messages/en/auth.json';
import type account from './messages/en/account.json';
import type mail from './messages/en/mail.json';
import type transfers from './messages/en/transfers.json';
import type review from './messages/en/review.json';
import type monitoring from './messages/en/monitoring.json';
import type stories from './messages/en/stories.json';
import type admin from './messages/en/admin.json';
import type print from './messages/en/print.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    returnNull: false;
    resources: { site: typeof site; common: typeof common; shell: typeof shell; auth: typeof auth; account: typeof account; mail: typeof mail; transfers: typeof transfers; review: typeof review; monitoring: typeof monitoring; stories: typeof stories; admin: typeof admin; print: typeof print };
  }
}
