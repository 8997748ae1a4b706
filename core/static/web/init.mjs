// Starts the GOV.UK and MOJ Frontend components on every page (menu on phones, error
// summaries, sortable tables). Served from MiPS's own static folder, never a CDN.
import { initAll as initGovuk } from '/static/vendor/govuk-frontend/govuk-frontend.min.js'
import { initAll as initMoj } from '/static/vendor/moj-frontend/moj-frontend.min.js'

initGovuk()
initMoj()
