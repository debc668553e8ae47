// social: renders the empty HTML shell from the JSON API. Plain JS, no build step.
// All scraped-looking text goes through textContent, never innerHTML.
(function () {
  "use strict";
  var app = document.getElementById("app");

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeHref(url) {
    // Only http(s) and site-relative links become clickable.
    return /^(https?:\/\/|\/)/i.test(url) ? url : "#";
  }

  function getJSON(url) {
    return fetch(url, { headers: { Accept: "application/json" } }).then(function (res) {
      if (!res.ok) throw new Error("HTTP " + res.status + " for " + url);
      return res.json();
    });
  }

  function done(state) {
    app.setAttribute("data-state", state);
  }

  function fail(message) {
    app.appendChild(el("p", "sc-error", message));
    done("error");
  }

  function renderExplore() {
    getJSON("/social/api/explore").then(function (data) {
      var list = el("ul", "sc-explore");
      data.users.forEach(function (user) {
        var item = el("li", "sc-explore__item");
        item.setAttribute("data-user-id", user.id_str);
        var link = el("a", "sc-explore__link", user.display_name);
        link.href = "/social/@" + encodeURIComponent(user.handle);
        item.appendChild(link);
        item.appendChild(el("span", "sc-explore__handle", "@" + user.handle));
        list.appendChild(item);
      });
      app.appendChild(el("h1", "sc-explore__title", "おすすめユーザー"));
      app.appendChild(list);
      done("ready");
    }).catch(function (err) { fail(err.message); });
  }

  function renderPost(post) {
    var item = el("li", "sc-post");
    item.setAttribute("data-post-id", post.id_str);
    var time = el("time", "sc-post__time", post.created_at.replace("T", " ").slice(0, 16));
    time.setAttribute("datetime", post.created_at);
    var permalink = el("a", "sc-post__permalink");
    permalink.href = post.url;
    permalink.appendChild(time);
    item.appendChild(permalink);
    item.appendChild(el("p", "sc-post__text", post.text));
    var media = el("div", "sc-post__media");
    post.media.forEach(function (m) {
      var img = el("img", "sc-post__image");
      img.src = m.url;
      img.alt = "";
      media.appendChild(img);
    });
    item.appendChild(media);
    return item;
  }

  function renderProfile(user) {
    var section = el("section", "sc-profile");
    section.setAttribute("data-user-id", user.id_str);
    section.setAttribute("data-handle", user.handle);
    var avatar = el("img", "sc-profile__avatar");
    avatar.src = user.avatar_url;
    avatar.alt = "";
    section.appendChild(avatar);
    section.appendChild(el("h1", "sc-profile__name", user.display_name));
    section.appendChild(el("p", "sc-profile__handle", "@" + user.handle));
    section.appendChild(el("div", "sc-profile__bio", user.bio));
    var links = el("ul", "sc-profile__links");
    user.links.forEach(function (link) {
      var li = el("li");
      var a = el("a", "sc-profile__link", link.text);
      a.href = safeHref(link.url);
      a.rel = "nofollow noopener";
      li.appendChild(a);
      links.appendChild(li);
    });
    section.appendChild(links);
    return section;
  }

  function renderTimeline(handle) {
    var list = el("ol", "sc-timeline");
    var sentinel = el("div", "sc-timeline__sentinel");
    app.appendChild(list);
    app.appendChild(sentinel);
    var loading = false;
    var base = "/social/api/users/" + encodeURIComponent(handle) + "/posts";

    function load(cursor) {
      loading = true;
      list.setAttribute("data-loading", "1");
      var url = cursor ? base + "?cursor=" + encodeURIComponent(cursor) : base;
      return getJSON(url).then(function (page) {
        page.posts.forEach(function (post) { list.appendChild(renderPost(post)); });
        var pages = Number(list.getAttribute("data-pages") || "0") + 1;
        list.setAttribute("data-pages", String(pages));
        if (page.next_cursor) {
          sentinel.setAttribute("data-next-cursor", page.next_cursor);
          sentinel.setAttribute("data-state", "more");
        } else {
          sentinel.removeAttribute("data-next-cursor");
          sentinel.setAttribute("data-state", "end");
        }
        list.removeAttribute("data-loading");
        loading = false;
      });
    }

    var observer = new IntersectionObserver(function (entries) {
      var cursor = sentinel.getAttribute("data-next-cursor");
      if (!loading && cursor && entries.some(function (e) { return e.isIntersecting; })) {
        load(cursor).catch(function (err) { fail(err.message); });
      }
    }, { rootMargin: "200px" });

    return load(null).then(function () {
      observer.observe(sentinel);
    });
  }

  function renderUser(handle) {
    getJSON("/social/api/users/" + encodeURIComponent(handle)).then(function (user) {
      document.title = user.display_name + " (@" + user.handle + ") | Social";
      app.appendChild(renderProfile(user));
      return renderTimeline(user.handle);
    }).then(function () { done("ready"); }).catch(function (err) { fail(err.message); });
  }

  function renderStatus(postId) {
    getJSON("/social/api/posts/" + encodeURIComponent(postId)).then(function (post) {
      var list = el("ol", "sc-timeline");
      list.appendChild(renderPost(post));
      app.appendChild(list);
      done("ready");
    }).catch(function (err) { fail(err.message); });
  }

  var path = decodeURIComponent(window.location.pathname);
  var status = path.match(/^\/social\/@([A-Za-z0-9_]+)\/status\/(\d+)$/);
  var profile = path.match(/^\/social\/@([A-Za-z0-9_]+)$/);
  if (status) renderStatus(status[2]);
  else if (profile) renderUser(profile[1]);
  else renderExplore();
})();
