import { createApp } from 'vue'
import { useVant } from './vant'
import './phone.css'
import PhoneApp from './PhoneApp.vue'
import { router } from './router'
import { restorePhoneSession } from './session'

restorePhoneSession()
const app = createApp(PhoneApp)
useVant(app)
app.use(router).mount('#app')

// The service worker keeps the app's files on the phone (built only for production: the dev server has none).
if (import.meta.env.PROD && 'serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/m/sw.js', { scope: '/m/' })
}
