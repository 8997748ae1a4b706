// The person page's link chart: persons, vehicles and places up to two links away,
// drawn with cytoscape (served from MiPS's own static folder). Selecting a person opens
// their record. The same links are listed in the page's Associates table, so nothing
// here is needed to use the page by keyboard or screen reader.
(function () {
  var holder = document.getElementById('link-chart')
  var data = document.getElementById('link-chart-data')
  if (!holder || !data || typeof cytoscape !== 'function') return
  var graph = JSON.parse(data.textContent)
  var colours = { person: '#1d70b8', object: '#00703c', location: '#6f3b99' }
  var elements = graph.nodes.map(function (n) {
    return { data: { id: n.id, label: n.label, kind: n.kind, url: n.url || '', root: n.root ? 1 : 0 } }
  }).concat(graph.edges.map(function (e, i) {
    return { data: { id: 'e' + i, source: e.source, target: e.target, label: e.role } }
  }))
  var chart = cytoscape({
    container: holder,
    elements: elements,
    layout: { name: 'cose', animate: false, padding: 20 },
    style: [
      { selector: 'node', style: { label: 'data(label)', 'font-size': 12, 'text-valign': 'bottom', 'text-margin-y': 4,
          'background-color': function (n) { return colours[n.data('kind')] || '#505a5f' }, color: '#0b0c0c' } },
      { selector: 'node[root = 1]', style: { 'border-width': 4, 'border-color': '#0b0c0c', width: 40, height: 40 } },
      { selector: 'node[kind = "object"]', style: { shape: 'round-rectangle' } },
      { selector: 'node[kind = "location"]', style: { shape: 'diamond' } },
      { selector: 'edge', style: { label: 'data(label)', 'font-size': 10, width: 2, 'line-color': '#b1b4b6',
          'curve-style': 'bezier', 'text-rotation': 'autorotate', color: '#484949' } }
    ]
  })
  chart.on('tap', 'node', function (evt) {
    var url = evt.target.data('url')
    if (url && evt.target.data('root') !== 1) window.location.href = url
  })
  holder.setAttribute('data-ready', 'true')
  window.mipsChart = chart
})()
