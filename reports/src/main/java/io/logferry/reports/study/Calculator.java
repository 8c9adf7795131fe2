package io.logferry.reports.study;

import io.logferry.study.StudyJson;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calculator of the HTML page: a form (pods, MiB/h per pod, freshness target, basis, every price and assumption)
 * and plain JavaScript that evaluates the committed model. No network, no library. {@code MODEL_JS} is a
 * line-by-line copy of {@link ShippingModel#evaluate}; the browser test evaluates both on the same inputs and
 * requires equal results, so the two cannot drift apart.
 */
public final class Calculator {

  private Calculator() {}

  static final String MODEL_JS = """
      function lfEvaluate(c, p, n, r, target, basis) {
        var usage = basis !== 'requests';
        var vcpu = p.vcpuHour, mem = p.memGibHour, out = [];
        var scCpu = n * (c.sidecarFixedCpuPerHour + c.sidecarCpuPerMiB * r);
        var scDollars = usage ? scCpu / 3600 * vcpu + n * c.sidecarRssMiB / 1024 * mem
            : n * (p.sidecarCpuRequest * vcpu + p.sidecarMemRequestMiB / 1024 * mem);
        var scCalls = n / p.flushSeconds;
        out.push({mode: 'sidecar', dollarsPerHour: scDollars, cpuSecondsPerHour: scCpu, p95Seconds: c.sidecarP95,
          meets: c.sidecarP95 <= target, intervalSeconds: 0, shards: Math.round(n), putCallsPerSecond: scCalls, note: ''});
        var nodes = Math.ceil(n / p.podsPerNode), perNode = n / nodes;
        var dsCpu = nodes * (c.dsBaseCpuPerHour + c.dsCpuPerPodHour * perNode) + c.dsCpuPerMiB * n * r;
        var dsDollars = usage ? dsCpu / 3600 * vcpu + nodes * c.dsRssMiB / 1024 * mem
            : nodes * (p.dsCpuRequest * vcpu + p.dsMemRequestMiB / 1024 * mem);
        out.push({mode: 'daemonset', dollarsPerHour: dsDollars, cpuSecondsPerHour: dsCpu, p95Seconds: c.dsP95,
          meets: c.dsP95 <= target, intervalSeconds: 0, shards: nodes, putCallsPerSecond: scCalls, note: ''});
        out.push(lfCron('cronjob-efs-elastic', c, p, 1, n, r, target, usage, 'elastic'));
        out.push(lfCron('cronjob-efs-bursting', c, p, 1, n, r, target, usage, 'bursting'));
        out.push(lfCron('cronjob-hostpath', c, p, nodes, perNode, r, target, usage, 'none'));
        return out;
      }
      function lfShards(c, mib, files, limit) {
        var variable = c.cronWallPerMiB * mib + c.cronWallPerFile * files, room = limit - c.cronFixedWall;
        if (room <= 0) return -1;
        var k = Math.max(1, Math.ceil(variable / room));
        return k > 100000 ? -1 : k;
      }
      function lfCronCpu(c, p, jobs, m, r, interval, k) {
        var mib = m * r * interval / 3600, files = m * p.filesPerPod;
        return jobs * (3600 / interval) * (k * c.cronFixedCpu + c.cronCpuPerMiB * mib + c.cronCpuPerFile * files);
      }
      function lfCronDollars(c, p, jobs, m, r, interval, k, wall, usage, efs) {
        var vcpu = p.vcpuHour, mem = p.memGibHour, runsPerHour = 3600 / interval, compute;
        if (usage) {
          compute = lfCronCpu(c, p, jobs, m, r, interval, k) / 3600 * vcpu
              + jobs * runsPerHour * k * c.cronRssMiB / 1024 * wall / 3600 * mem;
        } else {
          compute = jobs * runsPerHour * k * (wall + p.jobOverheadSeconds) / 3600
              * (p.cronCpuRequest * vcpu + p.cronMemRequestMiB / 1024 * mem);
        }
        var gbPerHour = jobs * m * r / 1024, storage = 0;
        if (efs !== 'none') {
          storage = gbPerHour * p.efsRetentionHours * p.efsStorageGbMonth / 730;
          if (efs === 'elastic') storage += gbPerHour * (p.efsWritePerGb + p.efsReadPerGb);
        }
        return compute + storage;
      }
      function lfCron(mode, c, p, jobs, m, r, target, usage, efs) {
        var overhead = p.jobOverheadSeconds, best = 0, wall = 0, shards = 0, interval, mib, files, limit, k, w;
        for (interval = Math.min(3600, Math.floor(target / 60) * 60); interval >= 60; interval -= 60) {
          mib = m * r * interval / 3600; files = m * p.filesPerPod;
          limit = Math.min(p.maxRunFraction * interval, p.maxRunSeconds);
          k = lfShards(c, mib, files, limit);
          if (k < 0) continue;
          w = c.cronFixedWall + (c.cronWallPerMiB * mib + c.cronWallPerFile * files) / k;
          if (0.95 * interval + overhead + w <= target) { best = interval; wall = w; shards = k; break; }
        }
        if (best === 0) {
          mib = m * r * 60 / 3600; files = m * p.filesPerPod;
          k = lfShards(c, mib, files, Math.min(p.maxRunFraction * 60, p.maxRunSeconds));
          w = k < 0 ? NaN : c.cronFixedWall + (c.cronWallPerMiB * mib + c.cronWallPerFile * files) / k;
          var cost = k < 0 ? NaN : lfCronDollars(c, p, jobs, m, r, 60, k, w, usage, efs);
          return {mode: mode, dollarsPerHour: cost, cpuSecondsPerHour: lfCronCpu(c, p, jobs, m, r, 60, Math.max(k, 1)),
            p95Seconds: 0.95 * 60 + overhead + w, meets: false, intervalSeconds: 60, shards: Math.max(k, 0),
            putCallsPerSecond: NaN, note: 'a CronJob runs at most once a minute: p95 >= 57 s + Job start-up + run time'};
        }
        var dollars = lfCronDollars(c, p, jobs, m, r, best, shards, wall, usage, efs);
        var note = shards > 1 ? shards + ' shards per run' : '', feasible = true;
        if (efs === 'bursting') {
          var storedGib = jobs * m * r * p.efsRetentionHours / 1024;
          var baselineMiBs = storedGib * p.efsBurstKiBPerSecPerGiB / 1024;
          var demandMiBs = jobs * m * r / 3600 * (1 + 1 / 3);
          if (demandMiBs > baselineMiBs) {
            feasible = false;
            note = 'needs ' + demandMiBs.toFixed(2) + ' MiB/s, Bursting baseline ' + baselineMiBs.toFixed(2)
                + ' MiB/s (only burst credits)';
          }
        }
        var calls = jobs * shards * Math.max(1, m * p.filesPerPod / shards) / Math.max(wall, 1e-9);
        return {mode: mode, dollarsPerHour: dollars, cpuSecondsPerHour: lfCronCpu(c, p, jobs, m, r, best, shards),
          p95Seconds: 0.95 * best + p.jobOverheadSeconds + wall, meets: feasible, intervalSeconds: best, shards: shards,
          putCallsPerSecond: calls, note: note};
      }
      function lfCheapest(results) {
        var best = null;
        results.forEach(function (m) {
          if (!m.meets || isNaN(m.dollarsPerHour)) return;
          if (best === null || m.dollarsPerHour < best.dollarsPerHour) best = m;
        });
        return best;
      }
      """;

  static final String UI_JS = """
      (function () {
        var data = JSON.parse(document.getElementById('lf-model').textContent);
        var form = document.getElementById('lf-calc');
        function num(id) { return parseFloat(form.elements[id].value); }
        function fmt(x, d) { return isNaN(x) ? '—' : x.toFixed(d); }
        function run() {
          var p = {};
          Object.keys(data.parameters).forEach(function (k) { p[k] = num('p-' + k); });
          var n = num('n'), r = num('r'), f = num('f'), basis = form.elements['basis'].value;
          var res = lfEvaluate(data.coefficients, p, n, r, f, basis);
          var best = lfCheapest(res);
          var rows = res.map(function (m) {
            return '<tr><td>' + m.mode + '</td><td>' + fmt(m.dollarsPerHour, 4) + '</td><td>'
              + fmt(m.dollarsPerHour * 730, 2) + '</td><td>' + fmt(m.cpuSecondsPerHour, 0) + '</td><td>'
              + fmt(m.p95Seconds, 1) + '</td><td>' + (m.meets ? 'yes' : 'no') + '</td><td>'
              + (m.intervalSeconds || '') + '</td><td>' + m.shards + '</td><td>' + m.note + '</td></tr>';
          }).join('');
          document.getElementById('lf-out').innerHTML = rows;
          document.getElementById('lf-verdict').textContent = best === null
            ? 'No mode meets a p95 freshness of ' + f + ' s for this workload.'
            : 'Cheapest mode that meets p95 <= ' + f + ' s: ' + best.mode + ' at $' + fmt(best.dollarsPerHour, 4)
              + '/h (' + basis + ' basis; ingestion, the same in every mode, excluded).';
        }
        form.addEventListener('input', run);
        form.addEventListener('change', run);
        window.logferryCalculator = {evaluate: lfEvaluate, cheapest: lfCheapest, data: data, run: run};
        run();
      })();
      """;

  /** The form, the output table and the scripts, with the model's numbers embedded as JSON. */
  public static String html(Coefficients c, Map<String, Double> params) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("coefficients", c.asMap());
    data.put("parameters", params);
    // The JSON goes into a <script type="application/json">: "</" cannot appear in it (numbers and fixed keys only).
    String json = StudyJson.write(data).replace("</", "<\\/");
    StringBuilder b = new StringBuilder();
    b.append("<form id=\"lf-calc\" class=\"calc\" onsubmit=\"return false\">\n<fieldset><legend>Workload</legend>\n");
    b.append(field("n", "pods N", "100"));
    b.append(field("r", "MiB/h per pod r", "10"));
    b.append(field("f", "freshness target F (p95, seconds)", "600"));
    b.append("<label for=\"basis\">priced by</label><select id=\"basis\" name=\"basis\">"
        + "<option value=\"usage\">usage (CPU s, mean RSS)</option>"
        + "<option value=\"requests\">Kubernetes requests</option></select>\n</fieldset>\n");
    b.append("<fieldset><legend>Prices and assumptions</legend>\n");
    for (Parameters.Parameter p : Parameters.DEFAULTS) {
      b.append(field("p-" + p.key(), p.key() + " (" + p.unit() + ")", fmtNum(params.get(p.key()))));
    }
    b.append("</fieldset></form>\n<p id=\"lf-verdict\"></p>\n");
    b.append("<table><thead><tr><th>mode</th><th>$/h</th><th>$/month</th><th>CPU s/h</th><th>p95 s</th>"
        + "<th>meets F</th><th>interval s</th><th>Jobs/processes</th><th>note</th></tr></thead>"
        + "<tbody id=\"lf-out\"></tbody></table>\n");
    b.append("<script type=\"application/json\" id=\"lf-model\">").append(json).append("</script>\n");
    b.append("<script>\n").append(MODEL_JS).append(UI_JS).append("</script>\n");
    return b.toString();
  }

  private static String field(String id, String label, String value) {
    return "<label for=\"" + id + "\">" + label + "</label><input id=\"" + id + "\" name=\"" + id
        + "\" type=\"number\" step=\"any\" value=\"" + value + "\"><br>\n";
  }

  static String fmtNum(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }

  /** For the test: the parameter keys the form has. */
  public static List<String> parameterKeys() {
    return Parameters.DEFAULTS.stream().map(Parameters.Parameter::key).toList();
  }
}
