// The desk's scheduled times are written in Baku time; beside each, where the reader's
// own time zone differs, this adds the same moment in it (admin/portal_index.html).
document.addEventListener("DOMContentLoaded", function () {
  var language = document.documentElement.lang || undefined;
  var style = { dateStyle: "medium", timeStyle: "short" };
  document.querySelectorAll("time.desk-time[data-zone]").forEach(function (time) {
    var moment = new Date(time.getAttribute("datetime"));
    var zoned = Object.assign({ timeZone: time.dataset.zone }, style);
    var here = new Intl.DateTimeFormat(language, style).format(moment);
    if (here === new Intl.DateTimeFormat(language, zoned).format(moment)) return;
    var reader = document.createElement("time");
    reader.className = "desk-reader-time";
    reader.setAttribute("datetime", time.getAttribute("datetime"));
    reader.textContent = time.dataset.readerLabel + " " + here;
    var holder = time.parentNode;
    holder.parentNode.insertBefore(reader, holder.nextSibling);
  });
});
