import type { App } from 'vue'
import {
  ActionSheet, Button, Cell, CellGroup, Checkbox, CheckboxGroup, Empty, Field, Form, Icon, NavBar, NoticeBar,
  PullRefresh, Stepper, Tab, Tabbar, TabbarItem, Tabs, Tag,
} from 'vant'
// Only the components the phone pages use, each with its own styles: the whole of Vant would double the download.
import 'vant/es/action-sheet/style/index'
import 'vant/es/button/style/index'
import 'vant/es/cell/style/index'
import 'vant/es/cell-group/style/index'
import 'vant/es/checkbox/style/index'
import 'vant/es/checkbox-group/style/index'
import 'vant/es/dialog/style/index'
import 'vant/es/empty/style/index'
import 'vant/es/field/style/index'
import 'vant/es/form/style/index'
import 'vant/es/icon/style/index'
import 'vant/es/nav-bar/style/index'
import 'vant/es/notice-bar/style/index'
import 'vant/es/pull-refresh/style/index'
import 'vant/es/stepper/style/index'
import 'vant/es/tab/style/index'
import 'vant/es/tabbar/style/index'
import 'vant/es/tabbar-item/style/index'
import 'vant/es/tabs/style/index'
import 'vant/es/tag/style/index'
import 'vant/es/toast/style/index'

const components = [ActionSheet, Button, Cell, CellGroup, Checkbox, CheckboxGroup, Empty, Field, Form, Icon, NavBar,
  NoticeBar, PullRefresh, Stepper, Tab, Tabbar, TabbarItem, Tabs, Tag]

export function useVant(app: App) {
  components.forEach((component) => app.use(component))
}
