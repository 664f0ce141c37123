/** The one option set of all three servers, its parser, and the launcher their main methods call. */
package org.threadlab.core.options;
