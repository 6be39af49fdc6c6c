// The emulator's web console: plain JavaScript against the same REST API any client uses, with
// server-sent events from /_emulator/events instead of polling.
(() => {
  const params = new URLSearchParams(location.search);
  const token = params.get('token') || localStorage.getItem('gce-emulator-token');
  if (params.get('token')) localStorage.setItem('gce-emulator-token', params.get('token'));
  const headers = token ? { Authorization: 'Bearer ' + token } : {};
  const $ = id => document.getElementById(id);
  const last = link => (link || '').split('/').pop();
  let project = params.get('project');
  let events = null;
  let refreshing = null;
  let shown = null;

  async function api(path, options = {}) {
    const response = await fetch(path, { ...options, headers: { ...headers, ...(options.headers || {}) } });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(body.error ? body.error.message : response.statusText);
    return body;
  }

  function fail(error) {
    $('error').textContent = error.message;
    $('error').hidden = false;
  }

  async function loadProjects() {
    const names = (await api('/_emulator/projects')).projects;
    if (project && !names.includes(project)) names.unshift(project);
    if (!project) project = names[0] || '';
    $('project').innerHTML = names.map(name => `<option${name === project ? ' selected' : ''}>${escape(name)}</option>`).join('');
  }

  function escape(text) {
    return String(text).replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  const ACTIONS = {
    RUNNING: ['stop', 'reset', 'suspend', 'delete'],
    TERMINATED: ['start', 'delete'],
    STOPPED: ['start', 'delete'],
    SUSPENDED: ['resume', 'delete'],
  };

  function buttons(instance) {
    return (ACTIONS[instance.status] || ['delete']).map(action =>
      `<button type="button" class="${action === 'delete' ? 'danger' : ''}" data-action="${action}" data-zone="${last(instance.zone)}"
        data-name="${escape(instance.name)}">${action[0].toUpperCase() + action.slice(1)}</button>`).join('');
  }

  async function refresh() {
    if (!project) return;
    const [list, forwards] = await Promise.all([
      api(`/compute/v1/projects/${encodeURIComponent(project)}/aggregated/instances?maxResults=500`),
      api('/_emulator/forwards').then(found => found.items || [])]);
    const instances = Object.values(list.items || {}).flatMap(scope => scope.instances || []);
    instances.sort((a, b) => a.name.localeCompare(b.name));
    $('count').textContent = `(${instances.length})`;
    $('empty').hidden = instances.length > 0;
    $('instances').querySelector('tbody').innerHTML = instances.map(instance => {
      const nic = (instance.networkInterfaces || [])[0] || {};
      // With the sandbox runtime, where the host reaches each port of the external address.
      const path = `projects/${project}/zones/${last(instance.zone)}/instances/${instance.name}`;
      const reached = forwards.filter(forward => forward.instance === path)
        .map(forward => `<span class="label">${forward.port} → ${escape(forward.hostAddress)}</span>`).join('');
      const external = escape(((nic.accessConfigs || [])[0] || {}).natIP || '—') + reached;
      const labels = Object.entries(instance.labels || {}).map(([k, v]) => `<span class="label">${escape(k)}: ${escape(v)}</span>`).join('');
      return `<tr data-instance="${escape(instance.name)}">
        <td data-label="Name"><a data-open="${escape(instance.name)}" data-zone="${last(instance.zone)}">${escape(instance.name)}</a></td>
        <td data-label="Zone">${last(instance.zone)}</td>
        <td data-label="Status"><span class="status ${instance.status}">${instance.status}</span></td>
        <td data-label="Machine type">${last(instance.machineType)}</td>
        <td data-label="Internal IP">${nic.networkIP || '—'}</td>
        <td data-label="External IP">${external}</td>
        <td data-label="Labels">${labels}</td>
        <td data-label="Created">${new Date(instance.creationTimestamp).toLocaleString()}</td>
        <td class="actions">${buttons(instance)}</td></tr>`;
    }).join('');
    await Promise.all([refreshStorage(), refreshNetworks(), refreshGroups()]);
    if (shown) openDetail(shown.zone, shown.name, false).catch(() => closeDetail());
  }

  /** The project's disks (every zone), snapshots and own images, each a table of its GCE fields. */
  async function refreshStorage() {
    const base = `/compute/v1/projects/${encodeURIComponent(project)}`;
    const [disks, snapshots, images] = await Promise.all([
      api(`${base}/aggregated/disks?maxResults=500`).then(list => Object.values(list.items || {}).flatMap(scope => scope.disks || [])),
      api(`${base}/global/snapshots?maxResults=500`).then(list => list.items || []),
      api(`${base}/global/images?maxResults=500`).then(list => list.items || [])]);
    const cell = (label, value) => `<td data-label="${label}">${value}</td>`;
    table('disks', disks, disk => cell('Name', escape(disk.name)) + cell('Zone', last(disk.zone))
      + cell('Status', `<span class="status ${disk.status}">${disk.status}</span>`) + cell('Size (GB)', disk.sizeGb)
      + cell('Type', last(disk.type)) + cell('Source', escape(last(disk.sourceImage || disk.sourceSnapshot || '—')))
      + cell('In use by', (disk.users || []).map(user => escape(last(user))).join(', ') || '—'));
    table('snapshots', snapshots, snapshot => cell('Name', escape(snapshot.name)) + cell('Status', snapshot.status)
      + cell('Size (GB)', snapshot.diskSizeGb) + cell('Source disk', escape(last(snapshot.sourceDisk || '—')))
      + cell('Locations', (snapshot.storageLocations || []).join(', '))
      + cell('Created', new Date(snapshot.creationTimestamp).toLocaleString()));
    table('images', images, image => cell('Name', escape(image.name)) + cell('Family', escape(image.family || '—'))
      + cell('Status', image.status) + cell('Size (GB)', image.diskSizeGb)
      + cell('Source', escape(last(image.sourceDisk || image.sourceSnapshot || image.sourceImage || '—')))
      + cell('Deprecated', (image.deprecated || {}).state || '—') + cell('Created', new Date(image.creationTimestamp).toLocaleString()));
  }

  /** The project's networks, their subnetworks (every region) and firewall rules. */
  async function refreshNetworks() {
    const base = `/compute/v1/projects/${encodeURIComponent(project)}`;
    const [networks, subnetworks, firewalls] = await Promise.all([
      api(`${base}/global/networks?maxResults=500`).then(list => list.items || []),
      api(`${base}/aggregated/subnetworks?maxResults=500`)
        .then(list => Object.values(list.items || {}).flatMap(scope => scope.subnetworks || [])),
      api(`${base}/global/firewalls?maxResults=500`).then(list => list.items || [])]);
    const cell = (label, value) => `<td data-label="${label}">${value}</td>`;
    table('networks', networks, network => cell('Name', escape(network.name))
      + cell('Mode', network.autoCreateSubnetworks ? 'auto' : 'custom')
      + cell('Routing', (network.routingConfig || {}).routingMode || '—') + cell('Subnetworks', (network.subnetworks || []).length)
      + cell('Description', escape(network.description || '—')));
    table('subnetworks', subnetworks, subnetwork => cell('Name', escape(subnetwork.name)) + cell('Region', last(subnetwork.region))
      + cell('Network', escape(last(subnetwork.network))) + cell('Range', subnetwork.ipCidrRange)
      + cell('Gateway', subnetwork.gatewayAddress));
    const rules = list => (list || []).map(rule => rule.IPProtocol + (rule.ports ? ':' + rule.ports.join(',') : '')).join(' ');
    table('firewalls', firewalls, rule => cell('Name', escape(rule.name)) + cell('Network', escape(last(rule.network)))
      + cell('Direction', rule.direction) + cell('Priority', rule.priority)
      + cell('Action', rule.allowed ? 'allow ' + escape(rules(rule.allowed)) : 'deny ' + escape(rules(rule.denied)))
      + cell('Ranges', escape((rule.sourceRanges || rule.destinationRanges || []).join(', ') || '—'))
      + cell('Targets', escape((rule.targetTags || []).join(', ') || 'all instances')));
  }

  /** The project's instance templates and managed groups (zonal and regional), with the work each group has in progress. */
  async function refreshGroups() {
    const base = `/compute/v1/projects/${encodeURIComponent(project)}`;
    const [templates, groups] = await Promise.all([
      api(`${base}/global/instanceTemplates?maxResults=500`).then(list => list.items || []),
      api(`${base}/aggregated/instanceGroupManagers?maxResults=500`)
        .then(list => Object.values(list.items || {}).flatMap(scope => scope.instanceGroupManagers || []))]);
    const cell = (label, value) => `<td data-label="${label}">${value}</td>`;
    table('templates', templates, template => cell('Name', escape(template.name))
      + cell('Machine type', escape(template.properties.machineType || '—'))
      + cell('Image', escape(last((((template.properties.disks || [])[0] || {}).initializeParams || {}).sourceImage || '—')))
      + cell('Created', new Date(template.creationTimestamp).toLocaleString()));
    const actions = group => Object.entries(group.currentActions || {}).filter(([action, count]) => action !== 'none' && count > 0)
      .map(([action, count]) => `${action} ${count}`).join(', ') || '—';
    table('groups', groups, group => cell('Name', escape(group.name)) + cell('Location', last(group.zone || group.region))
      + cell('Template', escape(last(group.instanceTemplate))) + cell('Target', group.targetSize)
      + cell('Members', (group.currentActions || {}).none || 0) + cell('Current actions', escape(actions(group)))
      + cell('Stable', group.status && group.status.isStable ? 'yes' : 'no'));
  }

  function table(id, items, row) {
    items.sort((a, b) => a.name.localeCompare(b.name));
    $(id + '-count').textContent = `(${items.length})`;
    $(id).querySelector('tbody').innerHTML = items.map(item => `<tr data-${id}="${escape(item.name)}">${row(item)}</tr>`).join('');
  }

  // Many changes at once (a test creating fifty VMs) make one refresh, not fifty.
  function refreshSoon() {
    clearTimeout(refreshing);
    refreshing = setTimeout(() => refresh().catch(fail), 150);
  }

  async function act(zone, name, action) {
    const path = `/compute/v1/projects/${encodeURIComponent(project)}/zones/${zone}/instances/${encodeURIComponent(name)}`;
    await api(action === 'delete' ? path : `${path}/${action}`, { method: action === 'delete' ? 'DELETE' : 'POST' });
  }

  async function openDetail(zone, name, scroll = true) {
    const base = `/compute/v1/projects/${encodeURIComponent(project)}/zones/${zone}`;
    const instance = await api(`${base}/instances/${encodeURIComponent(name)}`);
    shown = { zone, name };
    $('detail-name').textContent = `${name} · ${zone}`;
    $('detail-actions').innerHTML = buttons(instance);
    $('json').textContent = JSON.stringify(instance, null, 2);
    const serial = await api(`${base}/instances/${encodeURIComponent(name)}/serialPort`).catch(() => ({ contents: '' }));
    $('serial').textContent = serial.contents || '(no output yet)';
    const operations = await api(`${base}/operations?maxResults=500`);
    $('operations').innerHTML = (operations.items || []).filter(op => last(op.targetLink) === name).reverse()
      .map(op => `<li>${op.operationType} — <span class="status ${op.status === 'DONE' ? 'RUNNING' : 'STAGING'}">${op.status}</span>
        <span class="muted">${new Date(op.insertTime).toLocaleTimeString()}${op.error ? ' · ' + escape(op.error.errors[0].code) : ''}</span></li>`).join('');
    $('detail').hidden = false;
    if (scroll) $('detail').scrollIntoView({ behavior: 'smooth' });
  }

  function closeDetail() {
    shown = null;
    $('detail').hidden = true;
  }

  function listen() {
    if (events) events.close();
    const query = new URLSearchParams({ project });
    if (token) query.set('access_token', token);
    events = new EventSource('/_emulator/events?' + query);
    events.onopen = () => { $('live').textContent = 'live'; $('live').classList.add('on'); };
    events.onerror = () => { $('live').textContent = 'reconnecting…'; $('live').classList.remove('on'); };
    events.onmessage = () => refreshSoon();
  }

  document.addEventListener('click', event => {
    const target = event.target;
    if (target.dataset.action) {
      target.disabled = true;
      act(target.dataset.zone, target.dataset.name, target.dataset.action).catch(fail);
    } else if (target.dataset.open) {
      openDetail(target.dataset.zone, target.dataset.open).catch(fail);
    }
  });
  $('back').addEventListener('click', closeDetail);
  $('project').addEventListener('change', () => {
    project = $('project').value;
    history.replaceState(null, '', '?project=' + encodeURIComponent(project));
    closeDetail();
    listen();
    refresh().catch(fail);
  });

  loadProjects().then(() => { listen(); return refresh(); }).catch(fail);
})();
