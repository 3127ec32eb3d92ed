/* Material for MkDocs' palette start-up script (MIT licence, Copyright (c) 2016-2025
   Martin Donath), moved out of the page for the Content-Security-Policy. */
var palette=__md_get("__palette");if(palette&&palette.color){if("(prefers-color-scheme)"===palette.color.media){var media=matchMedia("(prefers-color-scheme: light)"),input=document.querySelector(media.matches?"[data-md-color-media='(prefers-color-scheme: light)']":"[data-md-color-media='(prefers-color-scheme: dark)']");palette.color.media=input.getAttribute("data-md-color-media"),palette.color.scheme=input.getAttribute("data-md-color-scheme"),palette.color.primary=input.getAttribute("data-md-color-primary"),palette.color.accent=input.getAttribute("data-md-color-accent")}for(var[key,value]of Object.entries(palette.color))document.body.setAttribute("data-md-color-"+key,value)}

/* Added by the handbook: the page's colour scheme as a <meta name="color-scheme">, made here,
   as the body starts, with the value Material's bundle gives it (the colour scheme of the
   palette now applied). Material's bundle made the element itself when it started and then
   filled it in: each time, the browser restyled the whole page (chapter page, 4x slower CPU:
   about 40 ms each). Its code now finds this element and changes it only when the palette
   does (macros/material_markup.py). */
(function () {
  var meta = document.createElement("meta");
  meta.name = "color-scheme";
  meta.content = getComputedStyle(document.body).colorScheme;
  document.head.appendChild(meta);
})();
