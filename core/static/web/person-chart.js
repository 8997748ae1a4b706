// The person page's link chart: persons, vehicles and places up to two links away,
// drawn with cytoscape (served from MiPS's own static folder). Selecting a person opens
// their record. The same links are listed in the page's Associates table, so nothing
// here is needed to use the page by keyboard or screen reader.
//
// Readable at sixty people: the person sits in the centre with a ring per hop, each ring
// grouped by kind (people, vehicles, places) and then by how they are linked; link
// labels show only on a small chart or for the node under the pointer; and the officer
// filters by link type and by hops. The controls are built here, so a page without
// JavaScript shows no controls that do nothing.
(function () {
  var holder = document.getElementById('link-chart')
  var data = document.getElementById('link-chart-data')
  var controls = document.getElementById('link-chart-controls')
  if (!holder || !data || typeof cytoscape !== 'function') return
  var graph = JSON.parse(data.textContent)
  var colours = { person: '#1d70b8', object: '#00703c', location: '#6f3b99' }
  var kindOrder = { person: 0, object: 1, location: 2 }
  var LABELS_UP_TO = 15
  var firstRole = {}
  graph.edges.forEach(function (e) {
    if (!(e.target in firstRole)) firstRole[e.target] = e.role
    if (!(e.source in firstRole)) firstRole[e.source] = e.role
  })
  var elements = graph.nodes.map(function (n) {
    return { data: { id: n.id, label: n.label, kind: n.kind, url: n.url || '', root: n.root ? 1 : 0,
                     hop: n.hop || 0, role: firstRole[n.id] || '' } }
  }).concat(graph.edges.map(function (e, i) {
    return { data: { id: 'e' + i, source: e.source, target: e.target, label: e.role, role: e.role } }
  }))
  var chart = cytoscape({
    container: holder,
    elements: elements,
    layout: { name: 'preset' },
    wheelSensitivity: 0.3,
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 4,
          'text-wrap': 'ellipsis', 'text-max-width': 110, 'text-background-color': '#ffffff',
          'text-background-opacity': 0.85, 'text-background-padding': 2,
          'background-color': function (n) { return colours[n.data('kind')] || '#505a5f' }, color: '#0b0c0c' } },
      { selector: 'node[root = 1]', style: { 'border-width': 4, 'border-color': '#0b0c0c', width: 44, height: 44,
          'font-weight': 'bold', 'font-size': 14 } },
      { selector: 'node[kind = "object"]', style: { shape: 'round-rectangle' } },
      { selector: 'node[kind = "location"]', style: { shape: 'diamond' } },
      { selector: 'edge', style: { width: 2, 'line-color': '#b1b4b6', 'curve-style': 'straight', color: '#484949',
          'font-size': 10, 'text-rotation': 'autorotate', 'text-background-color': '#ffffff', 'text-background-opacity': 0.85 } },
      { selector: 'edge.mips-labelled', style: { label: 'data(label)' } },
      { selector: '.mips-hidden', style: { display: 'none' } },
      { selector: '.mips-faded', style: { opacity: 0.15 } }
    ]
  })

  function visible () { return chart.elements().not('.mips-hidden') }

  function layout () {
    var shown = visible()
    var nodes = shown.nodes().sort(function (a, b) {
      return (kindOrder[a.data('kind')] - kindOrder[b.data('kind')]) ||
        a.data('role').localeCompare(b.data('role')) || a.data('label').localeCompare(b.data('label'))
    })
    var rank = {}
    nodes.forEach(function (n, i) { rank[n.id()] = i })
    shown.layout({
      name: 'concentric', animate: false, padding: 24, minNodeSpacing: 40, avoidOverlap: false,
      startAngle: Math.PI / 2, sweep: undefined, equidistant: true,
      concentric: function (n) { return 10 - n.data('hop') },
      levelWidth: function () { return 1 },
      sort: function (a, b) { return rank[a.id()] - rank[b.id()] }
    }).run()
    var labelled = shown.nodes().length <= LABELS_UP_TO
    chart.edges().toggleClass('mips-labelled', labelled)
    var count = document.getElementById('link-chart-count')
    if (count) count.textContent = 'Showing ' + shown.nodes().length + ' of ' + chart.nodes().length + ' people, vehicles and places.'
  }

  function apply () {
    var hops = parseInt((controls.querySelector('input[name="chart-hops"]:checked') || {}).value || '2', 10)
    var roles = {}
    controls.querySelectorAll('input[name="chart-role"]').forEach(function (box) { roles[box.value] = box.checked })
    chart.elements().removeClass('mips-hidden')
    chart.edges().forEach(function (e) { if (roles[e.data('role')] === false) e.addClass('mips-hidden') })
    // a node stays while a shown link reaches it from the person within the hops asked for
    var root = chart.nodes('[root = 1]')
    var reached = {}
    reached[root.id()] = 0
    var frontier = [root]
    for (var depth = 1; depth <= hops; depth++) {
      var next = []
      frontier.forEach(function (n) {
        n.connectedEdges().not('.mips-hidden').forEach(function (e) {
          var other = e.source().same(n) ? e.target() : e.source()
          if (!(other.id() in reached)) { reached[other.id()] = depth; next.push(other) }
        })
      })
      frontier = next
    }
    chart.nodes().forEach(function (n) { if (!(n.id() in reached)) n.addClass('mips-hidden') })
    chart.edges().forEach(function (e) {
      if (e.source().hasClass('mips-hidden') || e.target().hasClass('mips-hidden')) e.addClass('mips-hidden')
    })
    layout()
  }

  function buildControls () {
    if (!controls) return
    var roles = {}
    graph.edges.forEach(function (e) { roles[e.role] = (roles[e.role] || 0) + 1 })
    var html = '<div class="govuk-form-group govuk-!-margin-bottom-3"><fieldset class="govuk-fieldset">' +
      '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">How far out</legend>' +
      '<div class="govuk-radios govuk-radios--small govuk-radios--inline">'
    ;[['1', 'Direct links only'], ['2', 'Two links away']].forEach(function (h) {
      html += '<div class="govuk-radios__item"><input class="govuk-radios__input" id="chart-hops-' + h[0] +
        '" name="chart-hops" type="radio" value="' + h[0] + '"' + (h[0] === '2' ? ' checked' : '') + '>' +
        '<label class="govuk-label govuk-radios__label" for="chart-hops-' + h[0] + '">' + h[1] + '</label></div>'
    })
    html += '</div></fieldset></div><div class="govuk-form-group govuk-!-margin-bottom-3"><fieldset class="govuk-fieldset">' +
      '<legend class="govuk-fieldset__legend govuk-fieldset__legend--s">Links shown</legend>' +
      '<div class="govuk-checkboxes govuk-checkboxes--small mips-chart-roles">'
    Object.keys(roles).sort().forEach(function (role, i) {
      var text = role.replace(/_/g, ' ')
      html += '<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="chart-role-' + i +
        '" name="chart-role" type="checkbox" checked value="' + role.replace(/"/g, '&quot;') + '">' +
        '<label class="govuk-label govuk-checkboxes__label" for="chart-role-' + i + '">' +
        text.replace(/</g, '&lt;') + ' (' + roles[role] + ')</label></div>'
    })
    html += '</div></fieldset></div><p class="govuk-body-s" id="link-chart-count" aria-live="polite"></p>'
    controls.innerHTML = html
    controls.addEventListener('change', apply)
  }

  chart.on('mouseover', 'node', function (evt) {
    var near = evt.target.closedNeighborhood()
    chart.elements().not(near).addClass('mips-faded')
    near.edges().addClass('mips-labelled')
  })
  chart.on('mouseout', 'node', function () {
    chart.elements().removeClass('mips-faded')
    chart.edges().toggleClass('mips-labelled', visible().nodes().length <= LABELS_UP_TO)
  })
  chart.on('tap', 'node', function (evt) {
    var url = evt.target.data('url')
    if (url && evt.target.data('root') !== 1) window.location.href = url
  })
  buildControls()
  if (controls) apply(); else layout()
  holder.setAttribute('data-ready', 'true')
  window.mipsChart = chart
})()
