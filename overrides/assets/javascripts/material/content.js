/* Material for MkDocs' content start-up script (MIT licence, Copyright (c) 2016-2025
   Martin Donath), moved out of the page for the Content-Security-Policy. */
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
